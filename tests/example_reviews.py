"""The case reviews of the example, copied by hand from content/issues/2015-05/05-case-reviews.md
(each review with its own topics): what the library must show under each filter. A filter
that keeps every review (the year 2015, the topic case-reviews) filters nothing: no page. Shared by tests/test_reviews_and_topics.py and tests/site/test_review_library.py."""

SCR = ["Neglect of a 6 year old boy", "W4", "Child K", "Children A, B, C, D, E and F"]
MANAGEMENT = ["Two management reviews"]
BRIEFING = ["Hidden men: learning from case reviews"]
ALL = SCR + MANAGEMENT + BRIEFING
LOCAL = ["Neglect of a 6 year old boy", "Two management reviews"]
NATIONAL = ["W4", "Child K", "Children A, B, C, D, E and F", "Hidden men: learning from case reviews"]

# page -> (the filter link marked aria-current, the reviews shown, by type)
FILTERS = {
    "reviews/": ("All case reviews (6 reviews)", ALL),
    "reviews/type/serious-case-review/": ("Serious case review (4 reviews)", SCR),
    "reviews/type/management-review/": ("Management review (1 review)", MANAGEMENT),
    "reviews/type/thematic-briefing/": ("Thematic briefing (1 review)", BRIEFING),
    "reviews/scope/local/": ("Local (2 reviews)", LOCAL),
    "reviews/scope/national/": ("National (4 reviews)", NATIONAL),
    "reviews/topic/child-deaths/": ("Child deaths (2 reviews)", ["W4", "Child K"]),
    "reviews/topic/cse/": ("Child sexual exploitation (1 review)", ["Children A, B, C, D, E and F"]),
    "reviews/topic/domestic-abuse/": ("Domestic abuse (1 review)", ["Child K"]),
    "reviews/topic/health/": ("Health (2 reviews)", ["W4", "Two management reviews"]),
    "reviews/topic/neglect/": ("Neglect (3 reviews)", ["Neglect of a 6 year old boy", "Child K", "Two management reviews"]),
}
