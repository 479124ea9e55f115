"""The course's statistics: pure figures over plain frames, their ORM edge, and what shows them.

- `figures`: every figure, in pure pandas, each defined once in its docstring;
- `data`: reads one round's frames from the database (the ORM edge);
- `reports`: the tables of the admin section, its exports and `completion_stats`;
- `views`, `panel`, `public`: the admin section, the dashboard panel, the public page;
- `charts`, `map`, `sweden_map`: SVG charts and the map of the counties.
"""
