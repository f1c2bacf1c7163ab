"""The one-page partner brief, computed: what a desk officer would write by hand for the selected partner
(or bloc) and minerals, as a frozen :class:`Brief` built from the data package and a :class:`Selection`.

Per mineral: the partner's import reliance and main sources, China's and the partner's share of world
supply at each stage with the data year, and the most concentrated stage; then the initiatives the partner
belongs to (what was signed at and after the latest ministerial first), the latest events, three to five
key messages that each name a mineral, a stage and a year, and what no source gives, said once. Every
figure carries its source ids; :attr:`Brief.references` numbers them in reading order, so a marker such as
``[3]`` resolves to the same source in every format.

Belongs here: choosing and wording the content, from ``metrics``. Does not belong here: layout or file
formats (``dashboard.pack``), Streamlit.
"""


from .compose import build, reference
from .model import (
    Brief,
    EventFact,
    Fact,
    ImportFact,
    InitiativeFact,
    Message,
    MineralBrief,
    Reference,
    StageFact,
    and_,
    pct,
    possessive,
    the,
)

__all__ = [
    "Brief",
    "EventFact",
    "Fact",
    "ImportFact",
    "InitiativeFact",
    "Message",
    "MineralBrief",
    "Reference",
    "StageFact",
    "and_",
    "build",
    "pct",
    "possessive",
    "reference",
    "the",
]
