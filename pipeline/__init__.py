"""Chinese news fact extraction: money, percentages, dates, organisations, products, quantities, people.

from zh_facts import extract_text, extract_records
extract_text("騰訊元寶在一個月內砸下約3億元", date="2025-07-01")     # facts
extract_records("騰訊元寶在一個月內砸下約3億元", date="2025-07-01")  # each number with what it measures
"""

from .api.python import Frames, extract_frame, extract_records, extract_text
from .version import __version__

__all__ = ["Frames", "__version__", "extract_frame", "extract_records", "extract_text"]
