"""What Slack's ids look like, said once for every reader: settings, commands, forms,
button values, payloads and the store.

An id is a letter that says what it names, then capitals and digits. Slack's own are
about eleven characters; thirty leaves room for any growth, and refuses the 5,000-character
"id" that once broke the Home tab.
"""

from __future__ import annotations

import re


def _ids(first: str) -> re.Pattern[str]:
    return re.compile(rf"^[{first}][A-Z0-9]{{1,30}}$")


#: A channel: public (C…) or private (G…).
CHANNEL_ID = _ids("CG")
#: Where a command may be typed: a channel, or a direct message (D…).
CONVERSATION_ID = _ids("CGD")
#: A direct message: the app's own messages with someone, or two people's.
DIRECT_MESSAGE_ID = _ids("D")
#: A person: a workspace's member (U…) or an organisation's (W…).
USER_ID = _ids("UW")
#: Who may send a payload: a person, or a bot (B…).
SENDER_ID = _ids("UWB")
#: A workspace (T…) or an organisation (E…).
TEAM_ID = _ids("TE")
