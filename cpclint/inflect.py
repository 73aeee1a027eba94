"""Small, fast English inflection for glossary verbs and passive rewrites.

lemminflect takes about two seconds to load, longer than a whole check should
take, so regular rules plus a table of the irregular verbs reports use do the job.
"""

from __future__ import annotations

# base: (past, past participle)
IRREGULAR = {
    "be": ("was", "been"), "begin": ("began", "begun"), "bring": ("brought", "brought"),
    "build": ("built", "built"), "buy": ("bought", "bought"), "catch": ("caught", "caught"),
    "choose": ("chose", "chosen"), "come": ("came", "come"), "cut": ("cut", "cut"),
    "deal": ("dealt", "dealt"), "do": ("did", "done"), "draw": ("drew", "drawn"),
    "drink": ("drank", "drunk"), "drive": ("drove", "driven"), "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"), "feed": ("fed", "fed"), "feel": ("felt", "felt"),
    "find": ("found", "found"), "forget": ("forgot", "forgotten"), "get": ("got", "got"),
    "give": ("gave", "given"), "go": ("went", "gone"), "have": ("had", "had"),
    "hear": ("heard", "heard"), "hide": ("hid", "hidden"), "hit": ("hit", "hit"),
    "hold": ("held", "held"), "hurt": ("hurt", "hurt"), "keep": ("kept", "kept"),
    "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "leave": ("left", "left"), "lend": ("lent", "lent"), "let": ("let", "let"),
    "lose": ("lost", "lost"), "make": ("made", "made"), "mean": ("meant", "meant"),
    "meet": ("met", "met"), "pay": ("paid", "paid"), "put": ("put", "put"),
    "read": ("read", "read"), "ring": ("rang", "rung"), "run": ("ran", "run"),
    "say": ("said", "said"), "see": ("saw", "seen"), "seek": ("sought", "sought"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "set": ("set", "set"),
    "shake": ("shook", "shaken"), "show": ("showed", "shown"), "shut": ("shut", "shut"),
    "sit": ("sat", "sat"), "sleep": ("slept", "slept"), "speak": ("spoke", "spoken"),
    "spend": ("spent", "spent"), "stand": ("stood", "stood"), "steal": ("stole", "stolen"),
    "strike": ("struck", "struck"), "swear": ("swore", "sworn"), "take": ("took", "taken"),
    "teach": ("taught", "taught"), "tell": ("told", "told"), "think": ("thought", "thought"),
    "throw": ("threw", "thrown"), "understand": ("understood", "understood"),
    "undertake": ("undertook", "undertaken"), "wake": ("woke", "woken"),
    "wear": ("wore", "worn"), "win": ("won", "won"), "withdraw": ("withdrew", "withdrawn"),
    "write": ("wrote", "written"), "overtake": ("overtook", "overtaken"),
    "oversee": ("oversaw", "overseen"), "arise": ("arose", "arisen"),
    "bear": ("bore", "borne"), "beat": ("beat", "beaten"), "bite": ("bit", "bitten"),
    "break": ("broke", "broken"), "forbid": ("forbade", "forbidden"),
    "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"),
    "grow": ("grew", "grown"), "mislead": ("misled", "misled"),
    "overhear": ("overheard", "overheard"), "rise": ("rose", "risen"), "shoot": ("shot", "shot"),
    "sing": ("sang", "sung"), "sink": ("sank", "sunk"), "spread": ("spread", "spread"),
    "swim": ("swam", "swum"), "upset": ("upset", "upset"), "withhold": ("withheld", "withheld"),
    "find out": ("found out", "found out"),
}
PARTICIPLE_TO_PAST = {pp: past for past, pp in IRREGULAR.values()}
PARTICIPLE_TO_BASE = {pp: base for base, (_, pp) in IRREGULAR.items()}

_VOWELS = "aeiou"
# Stress falls on the last syllable, so the last consonant doubles (permitted, referred).
_DOUBLE_FINAL = {"refer", "prefer", "permit", "commit", "admit", "submit", "omit", "transfer",
                 "occur", "control", "patrol", "regret", "compel", "expel", "confer", "defer",
                 "incur", "deter", "equip", "allot", "acquit", "stop", "plan", "drop", "chat",
                 "nod", "rob", "grab", "ban", "beg", "hug", "jog", "tap", "shop", "step", "skip",
                 "slip", "trip", "ship", "pin", "fit", "rub", "sob", "nag", "tag", "stab"}


def _needs_doubling(word: str) -> bool:
    return word in _DOUBLE_FINAL


def third_person(word: str) -> str:
    if word in ("be",):
        return "is"
    if word == "have":
        return "has"
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _ed(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if _needs_doubling(word):
        return word + word[-1] + "ed"
    return word + "ed"


def past(word: str) -> str:
    return IRREGULAR[word][0] if word in IRREGULAR else _ed(word)


def past_participle(word: str) -> str:
    return IRREGULAR[word][1] if word in IRREGULAR else _ed(word)


def gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    if _needs_doubling(word):
        return word + word[-1] + "ing"
    return word + "ing"


def plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def verb_forms(base: str) -> dict[str, str]:
    """Forms of a verb (or a phrase whose first word is a verb), keyed by form name."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if base in IRREGULAR and rest:  # phrasal verbs listed whole
        p, pp = IRREGULAR[base]
        return {"base": base, "s": third_person(head) + tail, "past": p, "pp": pp,
                "ing": gerund(head) + tail}
    return {
        "base": base, "s": third_person(head) + tail, "past": past(head) + tail,
        "pp": past_participle(head) + tail, "ing": gerund(head) + tail,
    }


def same_form(matched_head: str, base_head: str, alternative: str) -> str:
    """Put the first word of `alternative` in the form `matched_head` has as a form of `base_head`."""
    forms = verb_forms(base_head)
    word = matched_head.lower()
    for name in ("ing", "past", "pp", "s"):
        if forms[name].split(" ")[0] == word:
            alt = verb_forms(alternative)
            if name == "pp":
                return alt["pp"]
            return alt[name]
    return alternative
