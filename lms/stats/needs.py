"""The network's needs survey reported per county and per SKR municipality group.

Pure pandas, like `figures`: `needs_by(answers, topics, groups, by=...)` takes

- ``answers``: one row per answer: ``answer_id``, ``municipality_code``, ``county_code``,
  ``skr_group``, and the booleans ``wants_course``, ``wants_meetings``, ``wants_guide``,
  ``wants_indicators``;
- ``topics``: one row per topic an answer names: ``answer_id``, ``topic``;
- ``groups``: every county (``county_code``, ``county_name``) or SKR group (``skr_group``,
  ``skr_group_name``), so that a group without answers shows zeros;

and returns one row per group: ``respondents`` (answers), ``municipalities`` (with at least one
answer), one count per kind of support (``wants_*``, how many answers ask for it) and one count
per topic (``topic: <name>``). Every count goes through `figures.suppress_small` with the public
statistics' threshold, so a group of fewer than five people names nobody.
"""

import pandas as pd

from scheduling.models import SUPPORT_FIELDS as SUPPORT_COLUMNS

from .figures import suppress_small

KEYS = {"county": "county_code", "skr_group": "skr_group"}


def needs_by(
    answers: pd.DataFrame,
    topics: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    by: str,
    threshold: int,
    label: str,
) -> pd.DataFrame:
    """Answers, municipalities, support wanted and topics per county or SKR group."""
    if by not in KEYS:
        raise ValueError(f"unknown grouping: {by!r}")
    key = KEYS[by]
    grouped = answers.groupby(key)
    table = pd.DataFrame(
        {
            "respondents": grouped["answer_id"].nunique(),
            "municipalities": grouped["municipality_code"].nunique(),
            **{column: grouped[column].sum() for column in SUPPORT_COLUMNS},
        }
    )
    topic_names = sorted(topics["topic"].unique()) if len(topics) else []
    if topic_names:
        named = topics.merge(answers[["answer_id", key]], on="answer_id")
        per_topic = named.pivot_table(
            index=key, columns="topic", values="answer_id", aggfunc="nunique", fill_value=0
        )
        per_topic.columns = [f"topic: {name}" for name in per_topic.columns]
        table = table.join(per_topic, how="left")
    result = groups.merge(table, left_on=key, right_index=True, how="left")
    counts = [column for column in result.columns if column not in groups.columns]
    result[counts] = result[counts].fillna(0).astype(int)
    result = result.sort_values(key).reset_index(drop=True)
    return suppress_small(result, counts, threshold=threshold, label=label)
