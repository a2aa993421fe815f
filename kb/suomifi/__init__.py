"""Publication to Suomi.fi (PTV, the national service catalogue).

``config`` reads our mapping to PTV ids, ``mapping`` builds PTV Open API
v11 documents from cards and service points, ``validation`` checks them
as PTV would. See ``docs/suomifi.md``.
"""
