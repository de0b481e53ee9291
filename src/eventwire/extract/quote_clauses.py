"""What a cue verb says: the extent of its clause, infinitive or object.

"said that …" takes its clausal complement; "accused the West of …" its object phrases; "refused
to comment" its to-infinitive; a parenthetical "he said" the sentence around it; a passive with an
agent its subject. Both the direct pass (a quotation inside a cue's clause is *mixed*) and the
indirect pass ask this question, so it sits between them.
"""

from __future__ import annotations

from spacy.tokens import Token

from .quote_context import QuoteContext

_OBJECT_PREPS = frozenset({"of", "for", "about", "on", "over", "against", "as"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "oprd", "pcomp"})
_OBJECT_TAIL_DEPS = frozenset({"prep", "npadvmod", "advmod", "cc", "conj", "dative", "acomp"})
_TIME_PREPS = frozenset({"after", "before", "during", "since", "until", "amid", "when", "while"})


class ClauseContent(QuoteContext):
    """Content extents of cue verbs (clause, infinitive, object, parenthetical, passive)."""

    def _clause_of(self, cue: Token) -> tuple[int, int] | None:
        clauses = [c for c in cue.children if c.dep_ == "ccomp"]
        if not clauses:
            return None
        # a quotation in the paragraph before is sometimes parsed as a second complement
        # ('“…” \n\n Sanders said he may campaign'): prefer the clause in the cue's paragraph
        paragraph = self._paragraph(cue.idx)
        # a clause whose verb is quoted counts when its subject is not ('says the candidate has
        # “always run a lean campaign”': a mixed statement), not when it is all quotation
        own = [
            c
            for c in clauses
            if paragraph[0] <= c.idx < paragraph[1]
            and not (self._in_full_region(c.idx) and self._in_full_region(c.left_edge.idx))
        ]
        if not own:
            return None  # a clause in another paragraph is a misparse, not this cue's content
        clauses = own
        clause = max(clauses, key=lambda c: len(list(c.subtree)))
        return self._subtree_without_sources(clause)

    def _subtree_without_sources(self, root: Token) -> tuple[int, int]:
        """Extent of a clause, leaving out an "according to X" phrase at either edge."""
        tokens = list(root.subtree)
        for child in root.children:
            if self._according(child) is not None:
                phrase = {t.i for t in child.subtree}
                before = [t for t in tokens if t.i < child.i and t.i not in phrase]
                after = [t for t in tokens if t.i > child.i and t.i not in phrase]
                tokens = before if len(before) >= len(after) else after
                break
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        return self._trim(start, end)

    def _content_of(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        clause = self._clause_of(cue)
        if clause is not None:
            return self._after_colon(cue, clause)
        as_clause = cue.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
        )  # "The economy, as Obama said, is strong"
        if (cue.dep_ == "parataxis" or as_clause) and cue.head is not cue:
            mine = {t.i for t in cue.subtree}
            rest = [t for t in cue.head.subtree if t.i not in mine and not t.is_punct]
            if rest:
                # "The plan, he said, is dead": the sentence around the parenthetical
                return self._trim(rest[0].idx, rest[-1].idx + len(rest[-1].text))
        if lemma in self.lex.xcomp_verbs:
            for child in cue.rights:
                if child.dep_ == "xcomp" and child.tag_.startswith("VB"):
                    start, end = self._subtree_without_sources(child)
                    objects = [
                        c for c in cue.rights if c.dep_ in {"dobj", "dative"} and c.i < child.i
                    ]  # "asked workers to sign up": who is asked belongs to the content
                    if objects:
                        start = min(start, objects[0].left_edge.idx)
                    if len(self.text[start:end].split()) >= 2:
                        return start, end
        if lemma in self.lex.object_verbs:
            return self._object_of(cue, lemma) or self._passive_subject(cue)
        return None

    def _after_colon(self, cue: Token, clause: tuple[int, int]) -> tuple[int, int]:
        """'Okafor wrote: The harbour is ready. The council should vote.': a colon after the cue
        introduces the rest of the paragraph, not one sentence."""
        start, end = clause
        between = self.text[cue.idx + len(cue.text) : start]
        if between.strip() != ":":
            return clause
        p_end = self._paragraph(start)[1]
        if any(start <= r.start < p_end for r in self.full):
            return clause  # a quotation further on has its own attribution
        return start, max(end, self._trim(start, p_end)[1])

    def _passive_subject(self, cue: Token) -> tuple[int, int] | None:
        """'The proposal was rejected by voters': in the passive the content is the subject."""
        deps = {c.dep_ for c in cue.children}
        if "agent" in deps:
            subjects = [c for c in cue.lefts if c.dep_ == "nsubjpass"]
            if subjects:
                return self._trim(
                    subjects[0].left_edge.idx,
                    subjects[0].right_edge.idx + len(subjects[0].right_edge.text),
                )
        return None

    def _object_of(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        """The object phrases right of a cue ("accused the West of …", "called for talks").

        Content runs from the first object through the object phrases that follow it, and stops
        at the first other dependent (time, place, a second verb, "according to").
        """
        start_token: Token | None = None
        end_token: Token | None = None
        other_sense = self.lex.non_speech_objects.get(lemma, frozenset())
        if any(c.dep_ == "dobj" and c.lower_ in other_sense for c in cue.children):
            return None  # "the war has claimed 450,000 lives": not a claim
        for child in cue.rights:
            for_clause = child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "for" for c in child.children
            )  # "calling for the United States to step up …"
            is_object = (
                child.dep_ in _OBJECT_DEPS
                or for_clause
                or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS)
                or (child.dep_ == "prep" and child.lower_ in self.lex.verb_preps.get(lemma, ()))
            )
            if self._according(child) is not None:
                break
            if start_token is not None and not is_object:
                if not self._extends_object(child):
                    break
                end_token = child.right_edge  # "supported stem cell research in the Senate"
                continue
            if not is_object:
                continue
            if start_token is None:
                if child.dep_ == "prep":
                    inner = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                    if not inner:
                        return None
                    start_token = inner[0].left_edge
                elif for_clause:
                    start_token = self.sdoc[child.left_edge.i + 1]
                else:
                    start_token = child.left_edge
            end_token = child.right_edge
        if start_token is None or end_token is None:
            return None
        while end_token.dep_ == "cc" and end_token.i > start_token.i:
            end_token = self.sdoc[end_token.i - 1]  # "denied the reports and [no bid …]"
        start, end = self._trim(start_token.idx, end_token.idx + len(end_token.text))
        if end > start and len(self.text[start:end].split()) >= 1:
            return start, end
        return None

    def _extends_object(self, child: Token) -> bool:
        """A dependent after the object that PolNeAR keeps in the content ("supported stem cell
        research in the Senate"), not a time, an occasion ("at a rally", "in an interview on
        Fox News"), a second verb or a comma-separated addition."""
        if child.dep_ not in _OBJECT_TAIL_DEPS or child.lower_ in _TIME_PREPS:
            return False
        if child.dep_ == "prep":
            place = next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.lower_ == "at" or (
                place is not None
                and (place.lower_ in self.lex.setting_nouns or place.ent_type_ == "ORG")
            ):
                return False
        if any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree):
            return False  # "after the debate on Tuesday": when, not what
        return not (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"})
