"""Import the real X Education leads file into a throw-away workspace and print what happened.

The file has no name, phone or e-mail; "Select" means empty (AIConnect's default placeholder
list already says so); rows end with a trailing comma and CRLF. Country names such as "India"
are converted to ISO codes by the importer; "Asia/Pacific Region" is a region, not a country,
so this check declares it empty too. The outcome (`Converted`) and a few descriptive columns
become custom fields. A second import of the same file shows de-duplication by external id.

    python -m bench.check_x_education ../shared/datasets/x-education-leads.csv
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

MAPPING = {
    "Lead Number": "name",
    "Prospect ID": "external_id",
    "Lead Source": "source",
    "City": "city",
    "Country": "country",
    "Converted": "custom.converted",
    "Lead Origin": "custom.lead_origin",
    "Last Activity": "custom.last_activity",
    "TotalVisits": "custom.total_visits",
    "Total Time Spent on Website": "custom.time_on_website",
    "Specialization": "custom.specialization",
    "What is your current occupation": "custom.occupation",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="path to x-education-leads.csv")
    args = parser.parse_args()

    from collections import Counter

    from app.config import Settings
    from app.context import open_context
    from app.services.leads.search import LeadQuery, count, lead_ids
    from app.services.transfer.importing import EMPTY_VALUES, ImportOptions, import_file

    home = Path(tempfile.mkdtemp(prefix="aiconnect-xedu-"))
    try:
        ctx = open_context(Settings(home=home, database_url=f"sqlite:///{home / 'x.sqlite3'}"), username="check")
        options = ImportOptions("leads", mapping=MAPPING, empty_values=(*EMPTY_VALUES, "Asia/Pacific Region"))
        dry = import_file(ctx.db, args.csv, ImportOptions("leads", mapping=MAPPING, dry_run=True), actor_id=ctx.user.id)
        print(f"dry run without the region rule: {dry.rows_read} rows, {dry.created} would be created, "
              f"{len(dry.errors)} errors ({'; '.join(f'row {e.row} {e.column}: {e.reason}' for e in dry.errors[:3])})")
        started = time.perf_counter()
        first = import_file(ctx.db, args.csv, options, actor_id=ctx.user.id)
        seconds = time.perf_counter() - started
        print(f"import: {first.rows_read} rows read, {first.created} created, {first.skipped_duplicates} duplicates, "
              f"{len(first.errors)} errors, committed={first.committed}, {seconds:.2f} s "
              f"({first.rows_read / seconds:,.0f} rows/s)")
        again = import_file(ctx.db, args.csv, options, actor_id=ctx.user.id)
        print(f"second import: {again.created} created, {again.skipped_duplicates} duplicates skipped "
              f"(matched by external id), {again.seconds:.2f} s")
        leads = ctx.leads.get_many(lead_ids(ctx.db, LeadQuery(limit=20_000)))
        countries = Counter(lead.country for lead in leads)
        converted = Counter(lead.custom.get("converted") for lead in leads)
        print(f"leads in the workspace: {count(ctx.db, LeadQuery())}")
        print(f"countries: {dict(countries.most_common(6))}")
        print(f"converted: {dict(converted)}; cities: {dict(Counter(lead.city for lead in leads).most_common(4))}")
        print(f"search 'Mumbai': {count(ctx.db, LeadQuery(text='mumbai'))} leads")
        ctx.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
