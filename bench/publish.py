"""An editor's publish in the middle of the load run, in a process of its own.

`python -m bench.publish MODULE_ID MARKER` starts Django, prints "redo" and waits for a line on
stdin (so that the load run can start watching the servers first); then adds a paragraph holding
MARKER to the module's body, saves a revision and publishes it through Wagtail
(`revision.publish()`), as the admin's "Publicera" does, and prints as JSON the wall-clock time
at which publishing had returned.
"""

import json
import sys
import time


def publish(module_id: int, marker: str) -> float:
    """Publish a new revision of the module with MARKER in its body; return when it was done."""
    import django

    django.setup()
    from wagtail.rich_text import RichText

    from coursecontent.models import ModulePage

    module = ModulePage.objects.get(pk=module_id)
    print("redo", flush=True)
    sys.stdin.readline()
    module.body.append(("paragraph", RichText(f"<p>{marker}</p>")))
    module.save_revision(log_action=True).publish()
    return time.time()


if __name__ == "__main__":
    print(json.dumps({"published_at": publish(int(sys.argv[1]), sys.argv[2])}))
