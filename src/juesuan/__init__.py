"""juesuan (决算): build, check, audit and serve China's departmental final-accounts reports."""

__version__ = "0.1.0"
