"""Rewrite sentences about the family's reader(s) into the second person.

This is the one place that knows how to turn "Sarah has not taken Jayden to his
appointments" into "You have not taken Jayden to his appointments". The checks
(third-person, role-label) use it for their suggestions, and `fix` will apply
its edits to files. The interface is small:

    addressee = Addressee.from_config(config)          # who "you" is
    mentions = find_mentions(doc, addressee)            # cheap, no parser
    rewrite, carry = rewrite_sentence(parsed, offset, ...)  # needs that sentence parsed
    rewrite.edits  -> [Edit(start, end, replacement)]   # offsets into the document
    rewrite.text   -> the whole sentence, rewritten

Edits never touch quoted words, and never a person who is not a reader: a
pronoun is taken to mean the reader only when no other person who could be
meant has been named since the reader was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cpclint.config import Config, Person
from cpclint.document import Document

FEMALE_ROLES = {"mother", "grandmother", "stepmother", "aunt", "sister"}
MALE_ROLES = {"father", "grandfather", "stepfather", "uncle", "brother"}
PARENT_ROLES = {"mother", "father", "carer", "parent", "step-parent", "stepmother", "stepfather",
                "foster carer", "guardian"}

# Role labels: how reports name people by their role instead of their name.
ROLE_WORDS = {
    "mother": ["the mother", "mother", "the mum", "mum", "birth mother", "the birth mother"],
    "father": ["the father", "father", "the dad", "dad", "birth father", "the birth father"],
}
GROUP_WORDS = ["the parents", "both parents", "the couple", "the carers", "parents",
               "mother and father", "the mother and father", "mum and dad"]
CHILD_LABELS = ["the subject children", "the subject child", "the children", "the child",
                "subject children", "subject child", "the young person", "the baby", "LAC",
                "the looked after child"]
RELATIVE_LABELS = ["maternal grandmother", "maternal grandfather", "paternal grandmother",
                   "paternal grandfather", "maternal aunt", "paternal aunt", "maternal uncle",
                   "paternal uncle", "mother and father 2", "father 2", "mother 2"]
WRITER_SINGULAR = ["the allocated social worker", "the social worker", "this social worker",
                   "the writer", "this writer", "the undersigned", "the author", "this worker",
                   "the worker", "the report author"]
WRITER_PLURAL = ["the local authority", "the department", "children's social care",
                 "children's services"]
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"

_YOU = {"is": "are", "was": "were", "has": "have", "does": "do", "am": "are", "'s": "'re"}
_I = {"is": "am", "are": "am", "has": "have", "does": "do", "'s": "'m", "were": "was"}
_WE = {"is": "are", "was": "were", "has": "have", "does": "do", "'s": "'re"}
_PRONOUNS = {
    "f": {"she": "subj", "her": "obj-or-poss", "herself": "refl", "hers": "poss-abs"},
    "m": {"he": "subj", "him": "obj", "his": "poss-or-abs", "himself": "refl"},
    "pl": {"they": "subj", "them": "obj", "their": "poss", "themselves": "refl", "theirs": "poss-abs"},
}
_PERSON_NOUNS = {
    "f": {"girl", "woman", "lady", "nan", "nana", "grandmother", "grandma", "sister", "aunt",
          "daughter", "niece", "mum", "mother", "girlfriend", "wife"},
    "m": {"boy", "man", "grandad", "grandfather", "grandpa", "brother", "uncle", "son", "nephew",
          "dad", "father", "boyfriend", "husband"},
    "any": {"teacher", "nurse", "worker", "officer", "doctor", "visitor", "partner", "child",
            "baby", "friend", "neighbour", "manager", "head", "headteacher", "midwife", "gp",
            "therapist", "advocate", "chair", "police", "child's"},
    "pl": {"children", "police", "teachers", "professionals", "workers", "boys", "girls",
           "grandparents", "siblings", "neighbours", "officers", "staff", "school"},
}


@dataclass(frozen=True)
class Mention:
    start: int  # document offsets
    end: int
    kind: str  # reader | group | role | writer | writer-plural | child-label | relative | titled
    person: Person | None = None


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


@dataclass
class Rewrite:
    start: int
    end: int
    original: str
    text: str
    edits: list[Edit] = field(default_factory=list)


@dataclass
class Addressee:
    """Who "you" is, and the other people the report may name."""

    readers: tuple[Person, ...]
    others: tuple[Person, ...]
    audience: str = "parent"

    @classmethod
    def from_config(cls, config: Config, reader: str | None = None) -> Addressee:
        """Readers from the family list, plus `reader` (default: the config's --reader)."""
        reader = reader if reader is not None else config.reader
        family = list(config.family)
        if reader:
            names = {reader.lower(), *(a.lower() for p in family for a in p.also if p.name == reader)}
            found = [p for p in family if p.name.lower() in names or reader.lower() in
                     (a.lower() for a in p.also)]
            if found:
                family = [Person(p.name, p.role, p.also, p in found or p.reader, p.age, p.dob) for p in family]
            else:
                first = reader.split()[0]
                family.append(Person(reader, "parent", (first,) if first != reader else (), True, None))
        readers = tuple(p for p in family if p.reader)
        others = tuple(p for p in family if not p.reader)
        return cls(readers, others, config.audience)

    @property
    def plural(self) -> bool:
        return len(self.readers) > 1

    def gender(self, person: Person) -> str | None:
        if person.role in FEMALE_ROLES:
            return "f"
        if person.role in MALE_ROLES:
            return "m"
        return None

    def reader_forms(self) -> list[tuple[str, Person]]:
        forms = []
        for p in self.readers:
            for form in (p.name, *p.also):
                forms.append((form, p))
        return forms


def _phrase_pattern(phrases: list[str], flags=re.I) -> re.Pattern:
    return _phrases_compiled(tuple(phrases), flags)


@lru_cache(maxsize=64)
def _phrases_compiled(phrases: tuple[str, ...], flags) -> re.Pattern:
    alternation = "|".join(r"\s+".join(re.escape(w) for w in p.split())
                           for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w-]|['’](?!s\b)\w)", flags)


def find_mentions(doc: Document, addressee: Addressee, start: int = 0, end: int | None = None) -> list[Mention]:
    """Names, titles, role labels and the writer's self-references, outside quotes.

    With `start` and `end`, only those wholly within prose[start:end] (one paragraph's worth)."""
    prose = doc.prose
    end = len(prose) if end is None else end
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, kind: str, person: Person | None = None) -> None:
        s, e = m.start(), m.end()
        if doc.in_quote(s, e) or any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        found.append(Mention(s, e, kind, person))

    surnames = {p.name.split()[-1] for p in addressee.readers if len(p.name.split()) > 1}
    if addressee.plural:
        for surname in surnames:
            pattern = rf"\b{TITLES}\s+(?:and|&)\s+{TITLES}\s+{re.escape(surname)}\b"
            for m in re.compile(pattern).finditer(prose, start, end):
                add(m, "group")
    # 1. readers by name, title or alias (case matters: "Mum" the name, not "mum")
    forms = sorted(addressee.reader_forms(), key=lambda f: -len(f[0]))
    for form, person in forms:
        if form.lower() in ("mum", "dad", "mother", "father"):
            continue  # role words are labels (below)
        longer = {f.lower() for f, _ in forms}
        for m in re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])").finditer(prose, start, end):
            if _vocative(prose, m.start(), m.end()):
                continue  # "Danielle and Ryan, I have written this to you": already addressed
            nxt = re.match(r"\s+([A-Z][a-z]+)", prose[m.end():m.end() + 30])
            if nxt and f"{form} {nxt.group(1)}".lower() not in longer and " " not in form:
                continue  # "Sarah Khan" is another Sarah
            add(m, "reader", person)
    # 2. the writer talking about themselves
    for m in _phrase_pattern(WRITER_SINGULAR).finditer(prose, start, end):
        add(m, "writer")
    for m in _phrase_pattern(WRITER_PLURAL).finditer(prose, start, end):
        add(m, "writer-plural")
    # 3. role labels
    parent_readers = [p for p in addressee.readers if p.role in PARENT_ROLES]
    if addressee.audience != "child":
        if len(parent_readers) > 1 or not addressee.readers:
            for m in _phrase_pattern(GROUP_WORDS).finditer(prose, start, end):
                if _is_label(prose, m):
                    add(m, "group")
        for role, words in ROLE_WORDS.items():
            person = next((p for p in addressee.readers if p.role == role), None)
            person = person or next((p for p in addressee.others if p.role == role), None)
            for m in _phrase_pattern(words).finditer(prose, start, end):
                if _is_label(prose, m):
                    add(m, "role", person)
    else:
        for role, words in ROLE_WORDS.items():
            for m in _phrase_pattern([w for w in words if w.startswith("the ")]).finditer(prose, start, end):
                add(m, "role", next((p for p in addressee.others if p.role == role), None))
    for m in _phrase_pattern(CHILD_LABELS).finditer(prose, start, end):
        if m.group(0).lower() == "lac" and not m.group(0).isupper():
            continue  # "lac" in lower case is not the label
        if _PROCESS_AFTER.match(prose, m.end()):
            continue  # "the Child in Need meeting", "the child protection plan": a process, not a person
        add(m, "child-label")
    for m in _phrase_pattern(RELATIVE_LABELS).finditer(prose, start, end):
        add(m, "relative")
    # 4. with no family at all: titled names are people written about
    if not addressee.readers and not addressee.others:
        for m in re.compile(rf"\b{TITLES}\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b").finditer(prose, start, end):
            add(m, "titled")
    found.sort(key=lambda x: x.start)
    return found


def label_name(mention: Mention, addressee: Addressee, text: str) -> str | None:
    """The name(s) a child label stands for, when the family list makes it certain."""
    if mention.kind != "child-label":
        return None
    children = [o.name.split()[0] for o in addressee.others if o.role == "child"]
    plural = text.lower().endswith("children")
    if not children or plural != (len(children) > 1) or text.upper() == "LAC":
        return None
    return " and ".join([", ".join(children[:-1]), children[-1]] if len(children) > 1 else children)


def _vocative(prose: str, start: int, end: int) -> bool:
    """A name said to the reader: 'Ryan, you…', 'Danielle and Ryan, I…', 'Dear Sarah', '…, Sarah.'"""
    before = prose[max(0, start - 40):start]
    after = prose[end:end + 40]
    opening = re.search(r"(^|[.!?:\n]\s*|\bDear\s+|\b(?:and|&)\s+)$", before) is not None
    if re.search(r"\bDear\s+$", before):
        return True
    if opening and re.match(r"(?:\s+(?:and|&)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?\s*[,:]", after):
        if re.search(r"(?:and|&)\s+$", before):
            return re.search(r"(^|[.!?:\n]\s*)[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?\s+(?:and|&)\s+$", before) is not None
        return True
    return re.search(r",\s*$", before) is not None and re.match(r"\s*[.!?]", after) is not None


# Words after "the child" that make it the name of a process, not a person.
_PROCESS_AFTER = re.compile(r"\s+(?:in\s+need|protection|and\s+family|looked[\s-]+after)\b", re.I)


def _is_label(prose: str, m: re.Match) -> bool:
    """'the mother' or a bare capitalised 'Mother' is a label; 'their mother' or 'my mum' is not."""
    before = prose[max(0, m.start() - 12):m.start()].lower()
    text = m.group(0)
    if re.search(r"\b(their|his|her|your|my|our|its|whose|a|an|'s|’s)\s+$", before):
        return False
    wider = prose[max(0, m.start() - 30):m.start()].lower()
    if re.search(r"\b(a|an|the|their|his|her|your|my|our|its|whose|every|any|another|such)\s+"
                 r"(?!(?:and|or|but|of|to|with|for|by)\s)[a-z-]+\s+$", wider) \
            and not text.lower().startswith(("the ", "both ")):
        return False  # "a loving mum", "the best mum in the world"
    text = m.group(0)
    if text.lower().startswith(("the ", "both ")) or " and " in text.lower():
        return True
    after = prose[m.end():m.end() + 12].lower()
    if re.match(r"\s+and\s+(baby|toddler|child)\b|\s+(and\s+)?baby\b|['’]s\s+(day|group)\b", after):
        return False  # "mother and baby unit", "Mother's Day"
    if re.search(r"\b(as|like|every|any|each|another|no|other|single|new|first-time)\s+$", before):
        return False  # "as a mother", "every parent"
    return True  # "Mother was tearful", "mum stated", "and mother was observed"


# --- the rewrite --------------------------------------------------------------------------


def rewrite_sentence(parsed, offset: int, doc: Document, mentions: list[Mention],
                     addressee: Addressee, carry: dict[str, bool],
                     name_labels: bool = True) -> tuple[Rewrite, dict[str, bool]]:
    """Second-person rewrite of one parsed sentence.

    `mentions` are those inside this sentence; `carry` says which pronoun groups
    ("f", "m", "pl") still point at the reader from the sentence before. Returns
    the rewrite and the carry for the next sentence. With `name_labels`, child
    labels the family list makes certain ("the children") become names too.
    """
    text = doc.text
    end = offset + len(parsed.text)
    state = dict(carry)
    edits: list[Edit] = []
    by_token: dict[int, Mention] = {}
    for mention in mentions:
        for t in parsed:
            if offset + t.idx >= mention.start and offset + t.idx < mention.end:
                by_token[t.i] = mention
    handled: set[int] = set()
    converted: set[int] = set()  # reader pronouns rewritten in this sentence
    guessed = False  # with no family list, one subject per sentence is taken to be the reader
    for g in ("f", "m", "pl"):
        state.pop("blocker-" + g, None)
        state.pop("weak-" + g, None)
    for t in parsed:
        if t.i in handled:
            continue
        absolute = offset + t.idx
        if doc.in_quote(absolute, absolute + len(t.text)):
            continue
        mention = by_token.get(t.i)
        if mention is not None:
            span = [u for u in parsed if by_token.get(u.i) is mention]
            handled.update(u.i for u in span)
            who = _who(mention, addressee)
            _note_person(state, mention, addressee, who, text[mention.start:mention.end])
            if who is None:
                name = label_name(mention, addressee, text[mention.start:mention.end]) if name_labels else None
                if name:  # "the children" -> "Mia and Tyler"
                    edits.append(Edit(mention.start, mention.end, name))
                continue
            converted.update(u.i for u in span)
            if not addressee.readers and who == "you":
                # no family list: only a person who is the subject, once, is taken to be the reader
                if guessed or not any(_is_subject(u) for u in span):
                    continue
                guessed = True
            span = _with_relation(span, parsed)
            group = _joined(span, parsed, by_token) or _coordinated(span, parsed, by_token, addressee)
            if group:
                handled.update(u.i for u in group)
                span = group
                who = "you"
                state["pl"] = True
            vocative = None
            if addressee.plural and not group and mention.kind == "reader" and mention.person is not None:
                vocative = mention.person.name.split()[0]  # "Ryan, you will…": which of you
            edits.extend(_replace(span, who, parsed, offset, doc, vocative=vocative))
            continue
        low = t.lower_
        for gender, forms in _PRONOUNS.items():
            if low in forms and t.tag_ in ("PRP", "PRP$") and _means_reader(t, gender, state, by_token, converted):
                tag = _her_tag(t, parsed) if low == "her" else t.tag_
                edits.extend(_replace([t], "you", parsed, offset, doc, pronoun=forms[low],
                                      plural=gender == "pl", tag=tag))
                converted.add(t.i)
                break
        else:
            _block(state, t, by_token, addressee)
    edits = _join_pairs(_merge(edits), text)
    new = _apply(text[offset:end], [Edit(e.start - offset, e.end - offset, e.replacement) for e in edits])
    return Rewrite(offset, end, text[offset:end], new, edits), state


def _who(mention: Mention, addressee: Addressee) -> str | None:
    if mention.kind == "writer":
        return "I"
    if mention.kind == "writer-plural":
        return "we"
    if mention.kind in ("reader",):
        return "you"
    if addressee.audience == "child" and mention.kind in ("role", "group"):
        return None  # in a letter to a child, the parents are not "you"
    if mention.kind == "group":
        return "you" if (addressee.plural or not addressee.readers) else None
    if mention.kind in ("role", "titled") and (mention.person is None or mention.person.reader):
        return "you" if (mention.person is not None or not addressee.readers) else None
    return None


def _note_person(state: dict, mention: Mention, addressee: Addressee, who: str | None,
                 label: str = "") -> None:
    """A mention sets which pronouns now point at the reader (or at someone else)."""
    if who in ("I", "we"):
        state["f"] = state["m"] = False  # "The social worker visited. She…": not the reader
        return
    if who == "you":
        if mention.kind == "group":
            state["pl"] = True
            return
        gender = addressee.gender(mention.person) if mention.person else None
        if gender:
            state[gender] = True
            state["other-" + gender] = False
        else:
            state["f"] = state["m"] = True
    elif who is None:
        words = label.lower()
        if words.endswith(("children", "parents", "carers")):
            state["pl"] = False
            return
        gender = addressee.gender(mention.person) if mention.person else None
        if gender is None and ("mother" in words or "grandmother" in words or "aunt" in words):
            gender = "f"
        elif gender is None and ("father" in words or "uncle" in words):
            gender = "m"
        for g in ([gender] if gender else ["f", "m"]):
            state[g] = False


_MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "monday", "tuesday", "wednesday",
                "thursday", "friday", "saturday", "sunday", "christmas", "easter"}
_DITRANSITIVE = {"give", "offer", "show", "send", "lend", "teach", "pay", "tell", "buy"}


def _her_tag(t, parsed) -> str:
    """'her' is an object ("I gave her time") or a possessive ("her dad"); the tagger mixes them up."""
    nxt = parsed[t.i + 1] if t.i + 1 < len(parsed) else None
    prev = parsed[t.i - 1] if t.i > 0 else None
    if prev is not None and prev.lemma_ in _DITRANSITIVE and nxt is not None and \
            (nxt.pos_ in ("DET", "NUM") or nxt.lower_ in ("time", "space", "advice", "support", "help")):
        return "PRP"
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and nxt.dep_ != "dobj" or \
            nxt is not None and nxt.pos_ == "NOUN":
        return "PRP$"
    return t.tag_


def _is_subject(t) -> bool:
    return t.dep_ in ("nsubj", "nsubjpass")


def _block(state: dict, t, by_token, addressee: Addressee) -> None:
    """Another person named: pronouns that could mean them no longer mean the reader.

    A person whose gender the family list gives blocks that gender wherever they
    are named. Anyone else blocks only as the subject of the main clause: "Sarah
    took Jayden to school. She…" still means Sarah.
    """
    low = t.lower_
    if t.i in by_token:
        return
    for other in addressee.others:
        if low in {w.lower() for w in (other.name.split()[0], *other.also)}:
            gender = addressee.gender(other)
            if gender:
                _set_block(state, gender, t)
                return
    if t.pos_ == "PROPN" and t.text[:1].isupper() and low not in _MONTHS_DAYS:
        if _is_subject(t) and t.head.dep_ == "ROOT":
            _set_block(state, "f", t)
            _set_block(state, "m", t)
        elif t.dep_ in ("dobj", "pobj", "conj", "dative", "nsubj", "nsubjpass", "appos"):
            # a nearer person for "his"/"her"/"him" later in this sentence
            for g in ("f", "m"):
                if state.get(g):
                    state["weak-" + g] = t.i
                    state["blocker-" + g] = t.i
                    state["seen-" + g] = True
        return
    if t.pos_ == "NOUN" and low in _PERSON_NOUNS["pl"]:
        _set_block(state, "pl", t)  # "the children": them/their may now mean the children
        return
    if t.pos_ == "NOUN" and _is_subject(t):
        if low in _PERSON_NOUNS["f"]:
            _set_block(state, "f", t)
        elif low in _PERSON_NOUNS["m"]:
            _set_block(state, "m", t)
        elif low in _PERSON_NOUNS["any"]:
            _set_block(state, "f", t)
            _set_block(state, "m", t)
        if low in _PERSON_NOUNS["pl"]:
            _set_block(state, "pl", t)


def _set_block(state: dict, gender: str, t) -> None:
    if state.get(gender):
        state["seen-" + gender] = True
    state[gender] = False
    state["blocker-" + gender] = t.i


def _clause_subject(t):
    verb = t.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return next((c for c in verb.children if _is_subject(c)), None)


def _means_reader(t, gender: str, state: dict, by_token, converted: set[int]) -> bool:
    """Does this pronoun mean the reader? Last compatible person named wins, except that
    "her"/"him"/"them" cannot mean the subject of their own clause (that would be "herself")."""
    reflexive = t.lower_.endswith(("self", "selves"))
    objective = t.tag_ == "PRP" and t.dep_ in ("dobj", "dative", "pobj", "obj", "iobj") and not reflexive
    if reflexive:
        return bool(state.get(gender) or state.get("weak-" + gender))
    if objective:
        subject = _clause_subject(t)
        if subject is not None and (subject.i in converted or subject.i in by_token
                                    and by_token[subject.i].kind == "reader"):
            return False
        if subject is not None and state.get("blocker-" + gender) == subject.i and state.get("seen-" + gender):
            return True
    if (objective or t.tag_ == "PRP$") and state.get("weak-" + gender) is not None:
        return False  # "Mark took Jayden to his appointment": his is Jayden, the nearer
    return bool(state.get(gender))


_RELATIONS = {"mother", "father", "mum", "dad", "carer", "partner", "stepmother", "stepfather",
              "stepdad", "stepmum", "grandmother", "grandfather", "nan", "grandad"}


def _with_relation(span, parsed):
    """'their mother Danielle Carter' is one person: take the whole phrase."""
    first = span[0]
    if first.i >= 2 and parsed[first.i - 1].lower_ in _RELATIONS and \
            parsed[first.i - 2].tag_ in ("PRP$", "DT", "POS"):
        start = first.i - 2
        if parsed[start].tag_ == "POS" and start >= 1:
            start -= 1  # "Mia's mother Danielle"
        return [parsed[k] for k in range(start, span[-1].i + 1)]
    return span


def _joined(span, parsed, by_token):
    """'Kelly and Paul's landlord': two readers side by side, whatever the parse says."""
    last = span[-1]
    if last.i + 2 >= len(parsed) or parsed[last.i + 1].lower_ not in ("and", "&"):
        return None
    other = by_token.get(parsed[last.i + 2].i)
    if other is None or other.kind != "reader" or other is by_token.get(last.i):
        return None
    end = max(u.i for u in parsed if by_token.get(u.i) is other)
    return [u for u in parsed if span[0].i <= u.i <= end]


def _coordinated(span, parsed, by_token, addressee: Addressee):
    """'Sarah and Mark': two readers joined by 'and' become one 'you'."""
    head = _head(span)
    conj = [c for c in head.children if c.dep_ == "conj" and c.i in by_token
            and by_token[c.i].kind in ("reader", "role", "group") and
            (by_token[c.i].person is None or by_token[c.i].person.reader)]
    if not conj:
        return None
    last = max(conj, key=lambda c: c.i)
    last_span_end = max(u.i for u in parsed if by_token.get(u.i) is by_token[last.i])
    return [u for u in parsed if span[0].i <= u.i <= last_span_end]


def _head(span):
    ids = {t.i for t in span}
    for t in span:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return span[-1]


def _replace(span, who: str, parsed, offset: int, doc: Document, pronoun: str | None = None,
             plural: bool = False, tag: str | None = None, vocative: str | None = None) -> list[Edit]:
    """Edits that put `who` ("you", "I", "we") in place of the span, with the verb agreeing."""
    head = _head(span)
    start = offset + span[0].idx
    last = span[-1]
    end = offset + last.idx + len(last.text)
    dep = head.dep_
    nxt = parsed[last.i + 1] if last.i + 1 < len(parsed) else None
    tag = tag or head.tag_
    possessive = (nxt is not None and nxt.tag_ == "POS") or (dep == "poss" and tag != "PRP") \
        or pronoun in ("poss",) or (pronoun in ("obj-or-poss", "poss-or-abs") and tag == "PRP$")
    if nxt is not None and nxt.tag_ == "POS":
        end = offset + nxt.idx + len(nxt.text)
    forms = {"you": ("you", "you", "your", "yourself", "yours"),
             "I": ("I", "me", "my", "myself", "mine"),
             "we": ("we", "us", "our", "ourselves", "ours")}[who]
    if who == "you" and plural:
        forms = ("you", "you", "your", "yourselves", "yours")
    if possessive:
        word = forms[2]
    elif pronoun == "refl":
        word = forms[3]
    elif pronoun == "poss-abs" or (pronoun == "poss-or-abs" and tag != "PRP$"):
        word = forms[4]
    elif dep in ("nsubj", "nsubjpass") or (dep == "conj" and head.head.dep_ in ("nsubj", "nsubjpass")):
        word = forms[0]
    else:
        word = forms[1]
    at_start = not doc.text[doc.sentences[doc.sentence_at(start)].start:start].strip(" \t\n\"“‘'(")
    if at_start or (word == "I"):
        word = word[:1].upper() + word[1:]
    is_subject = word.lower() == forms[0].lower() and not possessive and pronoun != "refl" \
        and dep in ("nsubj", "nsubjpass")
    if vocative and is_subject and at_start:
        word = f"{vocative}, you"
    edits = [Edit(start, end, word)]
    if is_subject:
        edits.extend(_agree(head, who, parsed, offset, at_start))
        aux_to = [c for c in head.head.children if c.dep_ == "aux" and c.lower_ == "to"]
        if aux_to and head.head.dep_ == "ROOT" and not any(
                c.dep_ == "aux" and c.lower_ != "to" for c in head.head.children):
            edits[0] = Edit(start, end, word + " need")  # "Parents to attend…" -> "You need to attend…"
    elif nxt is not None and word in ("You", "We", "I") and nxt.tag_ in ("NNS", "VBZ") and \
            nxt.text.islower() and nxt.text.endswith("s") and head.dep_ in ("compound", "nmod", "ROOT"):
        edits.append(Edit(offset + nxt.idx, offset + nxt.idx + len(nxt.text), _base_of(nxt.text)))
    return edits


def _base_of(word: str) -> str:
    """'presents' -> 'present', 'tries' -> 'try', 'watches' -> 'watch' (for mis-tagged verbs)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def _agree(subject, who: str, parsed, offset: int, subject_at_start: bool) -> list[Edit]:
    """Make the verb agree with the new subject: has → have, is → are, attends → attend."""
    table = {"you": _YOU, "I": _I, "we": _WE}[who]
    verb = subject.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                      and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    edits = []
    for v in verbs:
        auxes = sorted([c for c in v.children if c.dep_ in ("aux", "auxpass")], key=lambda c: c.i)
        target = auxes[0] if auxes else v
        if target.tag_ == "MD" or target.lower_ in ("to",):
            continue
        word = target.text
        low = word.lower()
        if low in table:
            new = table[low]
        elif target.tag_ == "VBZ":
            new = target.lemma_ or word
        else:
            continue
        if who == "I" and low == "was":
            continue
        if word[:1].isupper():
            new = new[:1].upper() + new[1:]
        if subject_at_start is False and target.i < subject.i and target.i == 0:
            new = new[:1].upper() + new[1:]
        edits.append(Edit(offset + target.idx, offset + target.idx + len(word), new))
    return edits


def _join_pairs(edits: list[Edit], text: str) -> list[Edit]:
    """'you and you' (two readers named apart) is just 'you'."""
    out: list[Edit] = []
    for e in edits:
        if out and e.replacement.lower() == out[-1].replacement.lower() and \
                e.replacement.lower() in ("you", "your") and \
                re.fullmatch(r"\s+(?:and|&)\s+", text[out[-1].end:e.start]):
            out[-1] = Edit(out[-1].start, e.end, out[-1].replacement)
            continue
        out.append(e)
    return out


def _merge(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _apply(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply edits (document offsets) to the whole text; what `fix` will call."""
    return _apply(text, _merge(edits))


# --- the whole document ---------------------------------------------------------------------


def plan(doc: Document, addressee: Addressee, parse,
         name_labels: bool = True) -> list[tuple[Rewrite, list[Mention]]]:
    """Every sentence that needs rewriting, with its mentions. `parse` maps sentence texts to Docs."""
    mentions = find_mentions(doc, addressee)
    wanted = candidate_sentences(doc, mentions, addressee)
    if not wanted:
        return []
    parsed = dict(zip(wanted, parse([doc.prose[doc.sentences[i].start:doc.sentences[i].end]
                                     for i in wanted]), strict=True))
    return rewrite_parsed(doc, addressee, mentions, parsed, name_labels)


def candidate_sentences(doc: Document, mentions: list[Mention], addressee: Addressee) -> list[int]:
    """Sentences with a mention, and the sentence after each (its pronouns may mean the reader)."""
    wanted: set[int] = set()
    for m in mentions:
        i = doc.sentence_at(m.start)
        wanted.add(i)
        if i + 1 < len(doc.sentences) and doc.sentences[i + 1].paragraph == doc.sentences[i].paragraph:
            wanted.add(i + 1)
    return sorted(wanted)


def rewrite_parsed(doc, addressee, mentions, parsed, name_labels: bool = True) -> list[tuple[Rewrite, list[Mention]]]:
    per_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        per_sentence.setdefault(doc.sentence_at(m.start), []).append(m)
    out = []
    carry: dict[str, bool] = {}
    previous = -2
    for i in sorted(parsed):
        if i != previous + 1 or doc.sentences[i].paragraph != doc.sentences[max(0, i - 1)].paragraph:
            carry = {}
        s = doc.sentences[i]
        rewrite, carry = rewrite_sentence(parsed[i], s.start, doc, per_sentence.get(i, []), addressee, carry,
                                          name_labels)
        previous = i
        if rewrite.edits or per_sentence.get(i):
            out.append((rewrite, per_sentence.get(i, [])))
    return out


def rewrite_text(text: str, addressee: Addressee, fmt: str = "text") -> str:
    """The whole text with every sentence about the reader in the second person
    (labels such as "the children" are left for the writer)."""
    from cpclint import nlp
    from cpclint.sources import document_from_text

    doc = document_from_text(text, "<text>", fmt)
    edits = [e for rewrite, _ in plan(doc, addressee, nlp.parse, name_labels=False) for e in rewrite.edits]
    return apply_edits(doc.text, edits)


_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)


def addressed_share(doc: Document, addressee: Addressee, counts: dict,
                    mentions: list[Mention] | None = None) -> float | None:
    """Of the sentences about the family, the share written to them ("you"), not about them.

    Lexical only (no parser): a sentence is about the family when it says "you"
    or names a reader, a family role or a titled person outside quotes.
    """
    if mentions is None:
        mentions = find_mentions(doc, addressee)
    mentions = [m for m in mentions if m.kind in ("reader", "role", "group", "titled")]
    third = {doc.sentence_at(m.start) for m in mentions}
    about = addressed = 0
    for i in counts:
        s = doc.sentences[i]
        second = any(not doc.in_quote(m.start(), m.end())
                     for m in _SECOND_PERSON.finditer(doc.prose, s.start, s.end))
        if second or i in third:
            about += 1
            if second and i not in third:
                addressed += 1
    return round(addressed / about, 3) if about else None
