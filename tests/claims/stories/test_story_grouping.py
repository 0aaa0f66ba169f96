"""Story grouping on our own invented articles (claims.stories.grouping)."""
from __future__ import annotations

from claims.model import Article
from claims.stories.grouping import StoryAssigner, StorySettings

BRIDGE = ("Eastport harbor bridge closed after ferry strike", "The Eastport harbor bridge was closed on Monday after the "
          "ferry Marlow struck one of its piers. Mayor Ilse Brandt said repairs would cost 12 million dollars and take "
          "40 days. Engineers from the Harbor Authority inspected the pier and the ferry's captain was questioned.")
BRIDGE_2 = ("Ferry Marlow's captain questioned over Eastport bridge strike", "Investigators questioned the captain of "
            "the ferry Marlow, which struck a pier of the Eastport harbor bridge. The Harbor Authority said the bridge "
            "would stay closed for 40 days; Mayor Brandt put the repair bill at 12 million dollars.")
SCHOOLS = ("Westmere council approves school budget", "The Westmere council approved a school budget of 12 million "
           "dollars on Monday after 40 days of debate. Councillor Tomas Rehn said the money would pay for new "
           "classrooms and teachers in the valley districts, and the teachers' union welcomed the vote.")
SCHOOLS_LATE = ("Westmere school budget: union asks for more teachers", "Three days after the Westmere council "
                "approved its school budget, the teachers' union asked councillor Tomas Rehn for more teachers in the "
                "valley districts' classrooms.")


def art(title_text, day, outlet="Civic Wire"):
    title, text = title_text
    return Article(source=outlet, text=text, title=title, published=day)


def test_two_stories_on_one_day_with_the_same_figures_stay_apart():
    g = StoryAssigner(StorySettings())
    a = g.assign_article(art(BRIDGE, "2031-04-07"))
    b = g.assign_article(art(SCHOOLS, "2031-04-07", "Eastport Herald"))
    c = g.assign_article(art(BRIDGE_2, "2031-04-07", "Eastport Herald"))
    assert a != b
    assert c == a


def test_a_late_article_joins_its_story_from_the_stored_state():
    first = StoryAssigner(StorySettings())
    sid = first.assign_article(art(SCHOOLS, "2031-04-07"))
    other = first.assign_article(art(BRIDGE, "2031-04-07"))
    rows, terms, freq, docs = first.take_changes()
    # a later run starts from what the warehouse stored
    later = StoryAssigner(StorySettings(), rows, terms, freq, docs, next_id=max(r[0] for r in rows) + 1)
    assert later.assign_article(art(SCHOOLS_LATE, "2031-04-10", "Valley Post")) == sid
    assert later.assign_article(art(BRIDGE_2, "2031-04-09", "Valley Post")) == other


def test_a_story_outside_its_window_takes_no_article_and_ids_are_never_reused():
    g = StoryAssigner(StorySettings(window_days=3.0))
    sid = g.assign_article(art(SCHOOLS, "2031-04-07"))
    late = g.assign_article(art(SCHOOLS_LATE, "2031-05-20"))
    assert late != sid and late == sid + 1
    rows, *_ = g.take_changes()
    assert [r[0] for r in rows] == [sid, late]
