"""The benchmark behind `make bench`: production settings, gunicorn, per-role load, a report.

`server` and `urls` are the instruments the web servers carry while `CSE_HUB_BENCH` is on;
`client` is the load generator (standard library only, so its processes never load Django);
`actors` chooses who acts from whatever data the database holds; `scenarios` says what each
of them asks for; `targets` holds the issue's targets as data; `report` turns samples into the
table and the JSON; `runner` runs it all in order; `python -m ops.bench` is the command.
"""
