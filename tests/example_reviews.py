"""The case reviews of the example, copied by hand from content/issues/2015-05/05-case-reviews.md
(whose topics are case-reviews, cse, domestic-abuse and neglect): what the library must show
under each filter. Shared by tests/test_reviews_and_topics.py and tests/site/test_review_library.py."""

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
    "reviews/year/2015/": ("2015 (6 reviews)", ALL),  # no review gives its date: the year
    "reviews/topic/case-reviews/": ("Case reviews (6 reviews)", ALL),
    "reviews/topic/cse/": ("Child sexual exploitation (6 reviews)", ALL),
    "reviews/topic/domestic-abuse/": ("Domestic abuse (6 reviews)", ALL),
    "reviews/topic/neglect/": ("Neglect (6 reviews)", ALL),
}
