"""The article's facts are in the graph, each in the graph of the sentence that states it.

Each case names the passage (line L, sentence S of the article) and a SPARQL
pattern that must hold inside that passage's named graph.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT, ask

ARTICLE = (ROOT / "graph_data" / "sources" / "india-japan-ties-article.txt").read_text(
    encoding="utf-8"
)

FACTS = {
    "15th summit is an edition of the Annual Summit": (
        "L1S1",
        "ijr:Summit15 ij:partOf ijr:AnnualSummit ; ij:edition 15",
    ),
    "summit adopted the joint vision": ("L2S1", "ijr:Summit15 ij:adopted ijr:JointVision"),
    "vision has the Economy pillar": ("L3S1", "ijr:JointVision ij:hasPillar ijr:PillarEconomy"),
    "vision has the Digital Innovation pillar": (
        "L10S1",
        "ijr:JointVision ij:hasPillar ijr:PillarDigitalInnovation",
    ),
    "new defence and security declaration": (
        "L11S1",
        "ijr:Summit15 ij:established ijr:JointDeclarationDefenceSecurityCooperation",
    ),
    "Tarang Shakti highlighted": ("L12S1", "ijr:Summit15 ij:highlighted ijr:TarangShakti"),
    "Economic Security Initiative launched": (
        "L13S1",
        "ijr:Summit15 ij:launched ijr:EconomicSecurityInitiative",
    ),
    "ESI covers semiconductors": (
        "L13S1",
        "ijr:EconomicSecurityInitiative ij:covers ijr:Semiconductors",
    ),
    "10 trillion yen investment target": (
        "L14S1",
        "ijr:PrivateInvestmentTarget ij:value 10000000000000.0 ; ij:currency 'JPY'",
    ),
    "Digital Partnership 2.0 covers LLMs": (
        "L16S1",
        "ijr:DigitalPartnership2 ij:covers ijr:LargeLanguageModels",
    ),
    "Clean Energy Partnership expanded": (
        "L20S1",
        "ijr:Summit15 ij:expanded ijr:CleanEnergyPartnership",
    ),
    "500,000 exchanges target": ("L25S1", "ijr:ExchangesTarget ij:value 500000.0"),
    "50,000 skilled professionals to Japan": (
        "L25S1",
        "ijr:SkilledProfessionalsTarget ij:value 50000.0 ; ij:to ijr:Japan",
    ),
    "Bodhisena consecrated the Great Buddha at Todaiji in 752": (
        "L26S1",
        "ijr:ConsecrationOfGreatBuddha ij:performedBy ijr:Bodhisena ; ij:object ijr:GreatBuddhaTodaiji ; "
        "ij:location ijr:Todaiji ; ij:date '0752'^^xsd:gYear",
    ),
    "SAGAR aligns with FOIP": ("L28S1", "ijr:SAGAR ij:alignsWith ijr:FOIP"),
    "Act East aligns with FOIP": ("L28S1", "ijr:ActEastPolicy ij:alignsWith ijr:FOIP"),
    "IPOI aligns with FOIP": ("L28S1", "ijr:IPOI ij:alignsWith ijr:FOIP"),
    "CEPA dates from 2011": ("L30S1", "ijr:CEPA ij:since '2011'^^xsd:gYear"),
    "tariffs on 94% of items removed": (
        "L30S1",
        "?x ij:measures ijr:CEPA ; ij:value 94.0 ; ij:unit 'percent'",
    ),
    "trade of $21.96 billion in 2022-23": (
        "L30S1",
        "ijr:BilateralTrade2022-23 ij:value 21960000000.0 ; ij:currency 'USD' ; ij:period ijr:FY2022-23",
    ),
    "India's exports of $5.46 billion": (
        "L31S1",
        "?x ij:value 5460000000.0 ; ij:from ijr:India ; ij:to ijr:Japan",
    ),
    "imports of $16.49 billion": (
        "L31S1",
        "?x ij:value 16490000000.0 ; ij:from ijr:Japan ; ij:to ijr:India",
    ),
    "ODA donor since 1958": ("L32S1", "?x ij:indicatorType ijr:ODA ; ij:since '1958'^^xsd:gYear"),
    "ODA of JPY 580 billion in 2023-24": (
        "L32S1",
        "?x ij:value 580000000000.0 ; ij:currency 'JPY' ; ij:period ijr:FY2023-24 ; ij:equivalentTo ?usd . "
        "?usd ij:value 4500000000.0 ; ij:currency 'USD' ; ij:approximate true",
    ),
    "cumulative FDI of $40 billion till 2023": (
        "L33S1",
        "?x ij:indicatorType ijr:FDI ; ij:value 40000000000.0",
    ),
    "Japan is India's 5th-largest FDI source": ("L33S1", "?x ij:indicatorType ijr:FDI ; ij:rank 5"),
    "2008 Joint Declaration on Security Cooperation": (
        "L34S1",
        "ijr:JointDeclarationSecurityCooperation2008 ?p '2008'^^xsd:gYear",
    ),
    "logistics agreement of 2020": ("L34S1", "ijr:LogisticsAgreement ij:date '2020'^^xsd:gYear"),
    "Malabar is a naval exercise": ("L35S1", "ijr:Malabar ij:serviceBranch ijr:Naval"),
    "JIMEX is a naval exercise": ("L35S1", "ijr:JIMEX ij:serviceBranch ijr:Naval"),
    "Dharma Guardian is an army exercise": (
        "L35S1",
        "ijr:DharmaGuardian ij:serviceBranch ijr:Army",
    ),
    "Veer Guardian is an air force exercise": (
        "L35S1",
        "ijr:VeerGuardian ij:serviceBranch ijr:AirForce",
    ),
    "Digital Partnership of 2018 led to start-up hubs in Bengaluru": (
        "L37S1",
        "ijr:DigitalPartnership2018 ij:resultedIn ijr:StartupHubsBengaluru",
    ),
    "ISRO and JAXA cooperate in lunar exploration": (
        "L39S1",
        "?c ij:partner ijr:ISRO , ijr:JAXA ; ij:covers ijr:LunarExploration",
    ),
    "over 665 partnerships": ("L40S1", "?x ij:value 665.0 ; ij:lowerBound true"),
    "Samvad since 2015": ("L41S1", "ijr:Samvad ij:since '2015'^^xsd:gYear"),
    "diaspora of over 40,000": (
        "L42S1",
        "?x ij:measures ijr:IndianDiasporaInJapan ; ij:value 40000.0 ; ij:lowerBound true",
    ),
    "China's assertiveness is a challenge involving China": (
        "L43S1",
        "?c ij:involves ijr:China , ijr:SouthChinaSea",
    ),
    "India-China trade of USD 136 billion in 2022": (
        "L46S1",
        "?x ij:value 136000000000.0 ; ij:period ijr:Year2022",
    ),
    "SSW integration is a recommended action": (
        "L57S1",
        "?a ij:concerns|ij:covers|ij:supports ijr:SSW",
    ),
    "cultural diplomacy complements FOIP and IPOI": ("L61S1", "?a ?p ijr:FOIP . ?a ?q ijr:IPOI"),
}


@pytest.mark.parametrize("name", sorted(FACTS))
def test_fact_is_stated_by_its_passage(store, name: str) -> None:  # type: ignore[no-untyped-def]
    passage, pattern = FACTS[name]
    assert ask(store, f"ASK {{ GRAPH article:{passage} {{ {pattern} }} }}"), (
        f"{name}: not in article:{passage}"
    )


def test_background_facts_are_marked_and_not_claimed_by_the_article(store) -> None:  # type: ignore[no-untyped-def]
    # The Quad's four members are common knowledge; the article names only India and Japan.
    assert ask(
        store,
        "ASK { GRAPH ijg:background { ijr:Quad ij:member ijr:UnitedStates , ijr:Australia } }",
    )
    assert not ask(
        store, "ASK { GRAPH ?g { ijr:Quad ij:member ijr:UnitedStates } ?g a ij:Passage }"
    )


def test_every_statement_has_provenance(dataset) -> None:  # type: ignore[no-untyped-def]
    from rdflib.namespace import RDF

    from ijgraph.vocab.namespaces import IJ, IJG, IJP

    passages = {str(s) for s in dataset.subjects(predicate=IJ.quote)}
    # Besides these, graphs declared ij:CuratedGraph (ijg:identifiers: the Wikidata links).
    curated = {IJG.lexicon, IJG.background, IJG.sources, IJG.ontology}
    curated |= set(dataset.subjects(predicate=RDF.type, object=IJ.CuratedGraph))
    assert IJG.identifiers in curated
    for graph in dataset.graphs():
        name = graph.identifier
        if str(name).startswith(str(IJP)):
            assert str(name) in passages, f"{name}: a graph with no passage behind it"
        else:
            assert name in curated or len(graph) == 0, name


def test_every_quote_is_verbatim_in_the_article(dataset) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.vocab.namespaces import IJ

    quotes = [str(q) for s, q in dataset.subject_objects(predicate=IJ.quote) if ARTICLE_NS in s]
    assert len(quotes) == 66
    for quote in quotes:
        assert quote in ARTICLE


def test_verbatim_source_sentence_of_a_triple(store) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.vocab.namespaces import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    rows = list(
        store.query(
            head
            + """
        SELECT ?quote ?line WHERE {
          GRAPH ?g { ijr:Malabar ij:serviceBranch ijr:Naval }
          ?g ij:quote ?quote ; ij:lineNumber ?line .
        }""",
            use_default_graph_as_union=True,
        )
    )
    assert [(r["quote"].value, int(r["line"].value)) for r in rows] == [
        (ARTICLE.splitlines()[34], 35)
    ]


ARTICLE_NS = "https://w3id.org/ijgraph/passage/article/"
ADVERTISEMENT = ARTICLE.splitlines()[62:]


def test_the_advertisement_is_not_in_the_graph() -> None:
    assert len(ADVERTISEMENT) == 9 and "UPSC" in ADVERTISEMENT[3]
    exports = [
        (ROOT / "exports" / name).read_text(encoding="utf-8")
        for name in ("ijgraph.ttl", "ijgraph.trig")
    ]
    distinctive = {
        "aspirant",
        "Mindmaps",
        "UPSC",
        "Director Sir",
        "recorded lectures",
        "Login HERE",
        "mentoring",
    }
    for text in exports:
        for phrase in distinctive:
            assert phrase.lower() not in text.lower(), phrase
        for line in ADVERTISEMENT:
            assert line not in text
    # No passage beyond the article's last content line (62).
    lines = [int(n) for n in re.findall(r"\barticle:L(\d+)S\d+", exports[1])]
    assert max(lines) == 62


def test_every_article_sentence_is_cited(built) -> None:  # type: ignore[no-untyped-def]
    article = next(d for d in built.summary.documents if d[0] == "article")
    assert article[2] == article[3] == 66


def test_entities_have_japanese_labels_in_japanese_script(built) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Literal
    from rdflib.namespace import RDFS

    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for s, p, o, _ in built.inputs.quads:
        if p == RDFS.label and isinstance(o, Literal) and o.language == "ja":
            assert japanese.search(str(o)) or (str(o).isascii() and str(o).isupper()), (s, o)


# --- corrections from the audit of issue 11 -------------------------------------------


def test_only_the_logistics_agreement_is_dated_2020(store) -> None:  # type: ignore[no-untyped-def]
    assert ask(store, "ASK { GRAPH article:L34S1 { ijr:LogisticsAgreement ij:date ?d } }")
    for agreement in ("EquipmentTransferAgreement", "IntelligenceSharingAgreement"):
        assert not ask(store, f"ASK {{ ijr:{agreement} ij:date ?d }}"), agreement
        assert not ask(
            store,
            f'ASK {{ ijr:{agreement} dcterms:description ?t FILTER(CONTAINS(?t, "dates the three")) }}',
        )


def test_ways_forward_and_conclusion_link_to_topics_not_pillars(store) -> None:  # type: ignore[no-untyped-def]
    for passage in ("L56S1", "L59S1", "L62S2"):
        assert not ask(
            store,
            f"ASK {{ GRAPH article:{passage} {{ ?s ?p ?o }} ?o skos:inScheme ijr:VisionPillars }}",
        ), passage
        assert ask(
            store, f"ASK {{ GRAPH article:{passage} {{ ?s ij:covers ?t }} ?t a ij:Topic }}"
        ), passage


def test_outside_facts_in_descriptions_are_marked_as_background(store) -> None:  # type: ignore[no-untyped-def]
    for entity in (
        "AIIB",
        "AnnualSummit",
        "MILAN",
        "TarangShakti",
        "UnitedStates",
        "JapanIndustrialTownships",
        "JointCreditingMechanism",
        "UPI",
    ):
        assert ask(
            store,
            f"""ASK {{ ijr:{entity} dcterms:source ijg:background ; dcterms:description ?d
                      FILTER(CONTAINS(?d, "background knowledge")) }}""",
        ), entity


def test_multilateral_is_a_kind_of_exercise_not_a_service_branch(store) -> None:  # type: ignore[no-untyped-def]
    assert not ask(
        store, "ASK { ?b a ij:ServiceBranch ; rdfs:label ?l FILTER(STR(?l) = 'Multilateral') }"
    )
    for exercise, branch in (("MILAN", "Naval"), ("TarangShakti", "AirForce")):
        assert ask(
            store,
            f"""ASK {{ GRAPH ijg:background {{ ijr:{exercise} a ij:MultilateralExercise ;
                       ij:serviceBranch ijr:{branch} }} }}""",
        ), exercise


def test_cultural_diplomacy_complements_the_synergies_not_each_initiative(store) -> None:  # type: ignore[no-untyped-def]
    assert not ask(store, "ASK { ijr:DeepenCulturalDiplomacy ij:supports ijr:FOIP }")
    assert ask(
        store,
        """ASK { GRAPH article:L61S1 { ijr:DeepenCulturalDiplomacy ij:supports ?s .
                 ?s ij:concerns ijr:FOIP , ijr:IPOI } }""",
    )


def test_one_set_of_clean_energy_mous(store) -> None:  # type: ignore[no-untyped-def]
    rows = list(
        store.query(
            "SELECT DISTINCT ?m WHERE { ?m a <https://w3id.org/ijgraph/ontology/MemorandumOfUnderstanding> ;"
            " <https://w3id.org/ijgraph/ontology/focusesOn> ?t }",
            use_default_graph_as_union=True,
        )
    )
    assert [r["m"].value.rsplit("/", 1)[-1] for r in rows] == ["CleanEnergyMoUs"]
    for passage, topic in (
        ("L21S1", "Hydrogen"),
        ("L22S1", "Ammonia"),
        ("L23S1", "JointCreditingMechanism"),
    ):
        assert ask(
            store,
            f"ASK {{ GRAPH article:{passage} {{ ijr:CleanEnergyMoUs ij:focusesOn ijr:{topic} }} }}",
        )


def test_japanese_labels_in_their_usual_form(store) -> None:  # type: ignore[no-untyped-def]
    for entity, label in (
        ("JIMEX", "日印共同訓練（JIMEX）"),
        ("SAGAR", "SAGAR（地域における全ての人々のための安全保障と成長）"),
        ("AtmanirbharBharatAbhiyan", "「自立したインド」（アートマニルバル・バーラト）"),
        ("JointDeclarationDefenceSecurityCooperation", "安全保障協力に関する日印共同宣言"),
    ):
        assert ask(store, f'ASK {{ ijr:{entity} rdfs:label "{label}"@ja }}'), entity
    assert ask(store, 'ASK { ijr:JIIM ij:acronym "JIM"@en }')
    assert not ask(store, 'ASK { ijr:JIIM ij:acronym "JIIM"@en }')
    assert not ask(
        store, 'ASK { ijr:IntelligenceSharingAgreement rdfs:label "日印秘密軍事情報保護協定"@ja }'
    )
