"""The temporal tagger: time expressions of narrative history with TIMEX2 values, intervals,
flags and anchors (see ``tag_times``) and the pipeline stage that stores them (``TimeStage``)."""

from dossier.enrich.times.expression import TimeExpression
from dossier.enrich.times.tagger import tag_narrative, tag_times

__all__ = ["TimeExpression", "tag_narrative", "tag_times"]
