"""Which speaker each reference means: entities of one article in reading order, and a
surname, a title alone, a document or a pronoun resolved to the fullest form the article
gives. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon
from .speakers import Mention, _head
from .text import strip_article, words


@dataclass(slots=True)
class Entity:
    name: str | None
    description: str | None
    kind: str
    gender: str
    #: Folded words of every description and name given for it.
    heads: set[str] = field(default_factory=set)

    @property
    def display(self) -> str:
        return self.name or self.description or ""

    def name_forms(self) -> list[str]:
        return _name_forms(self.name) if self.name else []


@lru_cache(maxsize=4096)
def _name_forms(name: str) -> list[str]:
    return [w.form for w in words(name)]


class Resolver:
    """The speakers of one article, in reading order, and what each reference means."""

    def __init__(self, text: str, people: list[Mention]) -> None:
        self.text = text
        #: Persons named anywhere in the text (not only as speakers), in order.
        self.people = people
        self.entities: list[Entity] = []
        self.last: Entity | None = None
        # Built once: every introduction, as an entity, in reading order.
        self._introduced = [
            (m.start, Entity(m.name, m.description, m.kind, m.gender, _heads(m)))
            for m in people
            if m.name or (m.kind != "person" and " " in (m.description or ""))
        ]

    def _known_before(self, position: int) -> list[Entity]:
        # A one-word organisation ("الاتحاد") is a reference, not an introduction.
        return self.entities + [e for start, e in self._introduced if start < position]

    def resolve(self, mention: Mention, position: int) -> Entity | None:
        if mention.is_empty:
            # A pronoun: the last speaker, of the verb's gender when one is known.
            if self.last is None:
                # "…"، على حد قوله: the person the article last named.
                people = [m for m in self.people if m.start < position and m.name]
                if not people:
                    return None
                m = people[-1]
                entity = next(e for start, e in self._introduced if start == m.start)
                return self._use(entity)
            if self.last.gender == mention.gender or mention.gender == "p":
                return self.last
            same = [e for e in reversed(self.entities) if e.gender == mention.gender]
            return self._use(same[0] if same else self.last)
        found = self._match(mention, position)
        if found is None:
            found = Entity(
                mention.name, mention.description, mention.kind, mention.gender, _heads(mention)
            )
        elif mention.description:
            found.heads |= _heads(mention)
        if mention.via:
            found.heads.add(mention.via)
        return self._use(found)

    def _use(self, entity: Entity) -> Entity:
        if entity not in self.entities:
            self.entities.append(entity)
        self.last = entity
        return entity

    def _match(self, mention: Mention, position: int) -> Entity | None:
        known = self._known_before(position)
        if mention.name:
            forms = [w.form for w in words(mention.name)]
            for e in reversed(known):
                names = e.name_forms()
                if names and (names[-len(forms) :] == forms or _contains(names, forms)):
                    return self._adopt(e)
            return None
        desc = [w.form for w in words(mention.description or "")]
        if len(desc) == 1:
            word = strip_article(desc[0])
            for e in reversed(known):
                names = e.name_forms()
                if names and len(names) > 1 and strip_article(names[-1]) == word:
                    return self._adopt(e)
            for e in reversed(known):
                if word in e.heads and (e.name or len(e.heads) > 1):
                    return self._adopt(e)
            if word in lexicon.DOC_HEADS:
                # "وتابعت الوثيقة": the last document quoted, whatever it was called.
                for e in reversed(self.entities):
                    if e.kind == "document":
                        return e
            return None
        # "المستشار البنا": a title and a surname already known.
        last_word = strip_article(desc[-1])
        for e in reversed(known):
            names = e.name_forms()
            if names and len(names) > 1 and strip_article(names[-1]) == last_word:
                return self._adopt(e)
        folded = " ".join(desc)
        for e in reversed(self.entities):
            if e.description and " ".join(w.form for w in words(e.description)) == folded:
                return e
        return None

    def _adopt(self, entity: Entity) -> Entity:
        for e in self.entities:
            if e.name and e.name == entity.name:
                return e
        return entity


def _contains(names: list[str], forms: list[str]) -> bool:
    n = len(forms)
    return any(names[i : i + n] == forms for i in range(len(names) - n + 1))


def _heads(m: Mention) -> set[str]:
    heads = {_head(w.form) for w in words(m.description or "")}
    heads |= {_head(w.form) for w in words(m.name or "")}
    return heads | ({m.via} if m.via else set())
