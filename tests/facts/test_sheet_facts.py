"""Every statement of the two fact sheets is modelled in the graph of its own passage.

One case per sentence of ``india-japan-milestones.md`` (39) and ``nichiin-kankei-nenpyo.md``
(8): the passage (document, line L, sentence S), a fragment of the sentence that pins the
passage to its text, and a SPARQL pattern of the sentence's key facts that must hold inside
that passage's named graph. Competing versions (the peace treaty's date, the first JIMEX,
Japan's permanent place in Malabar) are each checked in their own graph, and checked not to
leak into the other's.
"""

from __future__ import annotations

import re

import pytest

from ijgraph.vocab.namespaces import PREFIXES
from tests.helpers import ROOT

SOURCES = ROOT / "graph_data" / "sources"
DOCUMENTS = {
    "milestones": (SOURCES / "india-japan-milestones.md").read_text(encoding="utf-8"),
    "nenpyo": (SOURCES / "nichiin-kankei-nenpyo.md").read_text(encoding="utf-8"),
}
PASSAGE = "https://w3id.org/ijgraph/passage/"
#: The project's prefixes, with one for each sheet's passages and schema.org.
HEAD = "".join(
    f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in DOCUMENTS
) + "".join(f"PREFIX {doc}: <{PASSAGE}{doc}/>\n" for doc in (*DOCUMENTS, "article"))
if "schema" not in PREFIXES:
    HEAD += "PREFIX schema: <https://schema.org/>\n"
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")

M, N = "milestones", "nenpyo"

#: (document, passage, fragment of the sentence, pattern inside the passage's graph)
STATEMENTS = [
    # --- milestones: culture and early contacts ------------------------------------------
    (
        M,
        "L7S1",
        "earliest documented direct contact",
        "ijr:EarliestDocumentedContact ij:party ijr:India , ijr:Japan ; ij:date '0752'^^xsd:gYear ;"
        " ij:includes ijr:ConsecrationOfGreatBuddha ."
        " ijr:ConsecrationOfGreatBuddha ij:performedBy ijr:Bodhisena ; ij:object ijr:GreatBuddhaTodaiji ;"
        " ij:location ijr:Todaiji ; ij:date '0752'^^xsd:gYear ."
        " ijr:Todaiji ij:locatedIn ijr:Nara . ijr:Bodhisena ij:country ijr:India ; ij:role ijr:Monk",
    ),
    (
        M,
        "L8S1",
        "Founded in 1903",
        "milestones:L8S1 ij:accordingTo ijr:EmbassyOfIndiaTokyo ."
        " ijr:JapanIndiaAssociation ij:since '1903'^^xsd:gYear ; ij:location ijr:Japan ;"
        " ij:role ijr:InternationalFriendshipBody ."
        " ?rank ij:measures ijr:JapanIndiaAssociation ; ij:rank 1 ; ij:indicatorType ijr:SeniorityRank ."
        " ijr:EmbassyOfIndiaTokyo ij:country ijr:India ; ij:location ijr:Tokyo",
    ),
    (
        M,
        "L9S1",
        "Parliament of the World's Religions",
        "ijr:VivekanandaJourney1893 ij:performedBy ijr:SwamiVivekananda ; ij:location ijr:Japan ;"
        " ij:date '1893'^^xsd:gYear ; ij:destination ijr:ParliamentOfWorldsReligions ."
        " ijr:ParliamentOfWorldsReligions ij:location ijr:Chicago",
    ),
    (
        M,
        "L10S1",
        "first visited Japan in 1916",
        "?visit ij:performedBy ijr:RabindranathTagore ; ij:destination ijr:Japan ;"
        " ij:date '1916'^^xsd:gYear ; ij:edition 1",
    ),
    (
        M,
        "L11S1",
        "dissenting judgment",
        "ijr:PalDissentingJudgment ij:author ijr:RadhabinodPal ; ij:partOf ijr:IMTFE ;"
        " ij:date '1948'^^xsd:gYear ; ij:concluded ?finding ."
        " ?finding ij:concerns ijr:IMTFEDefendants ."
        " ijr:RadhabinodPal ij:country ijr:India ; ij:role ijr:Judge . ijr:IMTFE ij:member ijr:RadhabinodPal",
    ),
    (
        M,
        "L12S1",
        "An urn said to hold the ashes",
        "ijr:RenkojiUrn ij:saidToHoldRemainsOf ijr:NetajiSubhashChandraBose ; ij:location ijr:Renkoji ."
        " ijr:Renkoji ij:locatedIn ijr:Tokyo",
    ),
    (
        M,
        "L12S2",
        "Mukherjee Commission",
        "ijr:MukherjeeCommission ij:country ijr:India ; ij:concluded ?finding ."
        " ?finding ij:concerns ijr:RenkojiUrn , ijr:NetajiSubhashChandraBose ."
        " ijr:MukherjeeCommissionReport ij:author ijr:MukherjeeCommission ."
        " ijr:GovernmentOfIndia ij:rejected ijr:MukherjeeCommissionReport",
    ),
    # --- milestones: diplomatic milestones --------------------------------------------------
    (
        M,
        "L16S1",
        "on 28 April 1952",
        "milestones:L16S1 ij:accordingTo ijr:MOFAJapan . ijr:MOFAJapan ij:country ijr:Japan ."
        " ijr:JapanIndiaPeaceTreaty ij:party ijr:Japan , ijr:India ; ij:signatory ijr:Japan , ijr:India ;"
        " ij:date '1952-04-28'^^xsd:date ."
        " ijr:EstablishmentOfDiplomaticRelations ij:party ijr:Japan , ijr:India ; ij:date '1952-04-28'^^xsd:date",
    ),
    (
        M,
        "L17S1",
        "9 June 1952",
        "milestones:L17S1 ij:accordingTo ?text . ?text ij:publisher ijr:MEA ;"
        " ij:concerns ijr:JapanIndiaPeaceTreaty . ijr:MEA ij:country ijr:India ."
        " ijr:JapanIndiaPeaceTreaty ij:location ijr:Tokyo ; ij:date '1952-06-09'^^xsd:date",
    ),
    (
        M,
        "L18S1",
        "first yen loans",
        "ijr:KishiVisitToIndia1957 ij:performedBy ijr:NobusukeKishi ; ij:destination ijr:India ;"
        " ij:date '1957'^^xsd:gYear . ijr:NobusukeKishi ij:role ijr:PrimeMinister ."
        " ijr:YenLoansToIndia ij:from ijr:Japan ; ij:to ijr:India ; ij:since '1958'^^xsd:gYear ;"
        " ij:follows ijr:KishiVisitToIndia1957 ; ij:partOf ijr:JapaneseYenLoans ."
        " ijr:JapaneseYenLoans ij:from ijr:GovernmentOfJapan ; ij:since '1958'^^xsd:gYear",
    ),
    (
        M,
        "L19S1",
        "Global Partnership between Japan and India in the 21st Century",
        "ijr:GlobalPartnership2000 ij:agreedBy ijr:YoshiroMori , ijr:AtalBihariVajpayee ;"
        " ij:date '2000-08-23'^^xsd:date ; ij:location ijr:NewDelhi ; ij:party ijr:Japan , ijr:India ."
        " ijr:IndiaJapanRelations ij:designation ijr:GlobalPartnership2000 ."
        " ijr:YoshiroMori ij:role ijr:PrimeMinister . ijr:AtalBihariVajpayee ij:role ijr:PrimeMinister",
    ),
    (
        M,
        "L20S1",
        "in turn since",
        "ijr:AnnualSummit ij:location ijr:Tokyo , ijr:NewDelhi ; ij:since '2005'^^xsd:gYear ;"
        " ij:follows ?visit . ?visit ij:performedBy ijr:JunichiroKoizumi ; ij:destination ijr:India ;"
        " ij:date '2005-04'^^xsd:gYearMonth",
    ),
    (
        M,
        "L21S1",
        "Towards Japan-India Strategic and Global Partnership",
        "ijr:JointStatement2006 ij:issuedBy ijr:ManmohanSingh , ijr:ShinzoAbe ;"
        " ij:date '2006-12-15'^^xsd:date ; ij:location ijr:Tokyo ;"
        " ij:aimsAt ijr:StrategicAndGlobalPartnership ."
        " ijr:ManmohanSingh ij:role ijr:PrimeMinister . ijr:ShinzoAbe ij:role ijr:PrimeMinister",
    ),
    (
        M,
        "L22S1",
        "Confluence of the Two Seas",
        "ijr:ConfluenceOfTheTwoSeas ij:performedBy ijr:ShinzoAbe ; ij:audience ijr:ParliamentOfIndia ;"
        " ij:date '2007-08-22'^^xsd:date",
    ),
    (
        M,
        "L23S1",
        "Tokyo Declaration for Japan-India Special Strategic and Global Partnership",
        "ijr:TokyoDeclaration2014 ij:signatory ijr:NarendraModi , ijr:ShinzoAbe ;"
        " ij:date '2014-09-01'^^xsd:date ; ij:location ijr:Tokyo ;"
        " ij:resultedIn ijr:SpecialStrategicAndGlobalPartnership ."
        " ijr:IndiaJapanRelations ij:designation ijr:SpecialStrategicAndGlobalPartnership",
    ),
    (
        M,
        "L24S1",
        "India and Japan Vision 2025",
        "ijr:Vision2025 ij:date '2015-12-12'^^xsd:date ; ij:location ijr:NewDelhi ;"
        " ij:party ijr:India , ijr:Japan ; ij:concerns ijr:SpecialStrategicAndGlobalPartnership",
    ),
    (
        M,
        "L25S1",
        "Act East Forum",
        "ijr:ActEastForum ij:since '2017'^^xsd:gYear ; ij:party ijr:India , ijr:Japan ."
        " ?meeting ij:partOf ijr:ActEastForum ; ij:edition 1 ; ij:date '2017-12-05'^^xsd:date",
    ),
    (
        M,
        "L26S1",
        "Indian Council of World Affairs",
        "ijr:KishidaPolicySpeech2023 ij:performedBy ijr:FumioKishida ; ij:date '2023-03-20'^^xsd:date ;"
        " ij:location ijr:NewDelhi ; ij:venue ijr:ICWA ; ij:unveiled ijr:NewPlanForFOIP ."
        " ijr:NewPlanForFOIP ij:party ijr:Japan ; ij:aimsAt ijr:FOIP",
    ),
    (
        M,
        "L27S1",
        "29–30 August 2025",
        "ijr:Summit15 ij:edition 15 ; ij:location ijr:Tokyo ;"
        " ij:participant ijr:NarendraModi , ijr:ShigeruIshiba ; ij:period ?days ."
        " ?days ij:startDate '2025-08-29'^^xsd:date ; ij:endDate '2025-08-30'^^xsd:date ."
        " ijr:ShigeruIshiba ij:role ijr:PrimeMinister",
    ),
    (
        M,
        "L27S2",
        "Joint Vision for the Next Decade",
        "ijr:Summit15 ij:adopted ijr:JointVision ; ij:setTarget ijr:PrivateInvestmentTarget ."
        " ijr:PrivateInvestmentTarget ij:value 10000000000000.0 ; ij:currency 'JPY' ;"
        " ij:statedAs 'JPY 10 trillion' ; ij:from ijr:Japan ; ij:to ijr:India ;"
        " ij:indicatorType ijr:PrivateInvestment",
    ),
    # --- milestones: defence and security ---------------------------------------------------
    (
        M,
        "L31S1",
        "Tarō Asō",
        "ijr:JointDeclarationSecurityCooperation2008 ij:date '2008-10-22'^^xsd:date ;"
        " ij:location ijr:Tokyo ; ij:signatory ijr:ManmohanSingh , ijr:TaroAso ;"
        " ij:party ijr:Japan , ijr:India . ijr:TaroAso ij:role ijr:PrimeMinister",
    ),
    (
        M,
        "L32S1",
        "JIMEX 12",
        "milestones:L32S1 ij:accordingTo ijr:JIMEXReportsAtTheTime ."
        " ijr:JIMEX12 ij:partOf ijr:JIMEX ; ij:edition 1 ; ij:date '2012-06-09'^^xsd:date ;"
        " ij:location ijr:SeaOffTokyo ; ij:serviceBranch ijr:Naval",
    ),
    (
        M,
        "L33S1",
        "began in January 2012",
        "milestones:L33S1 ij:accordingTo ?reports . ?reports ij:country ijr:India ."
        " ijr:JIMEX12 ij:partOf ijr:JIMEX ; ij:edition 1 ; ij:date '2012-01'^^xsd:gYearMonth ."
        " ijr:JIMEX ij:since '2012'^^xsd:gYear",
    ),
    (
        M,
        "L34S1",
        "12–19 October 2015",
        "milestones:L34S1 ij:accordingTo ijr:DefenseNews ."
        " ijr:Malabar2015 ij:partOf ijr:Malabar ; ij:serviceBranch ijr:Naval ; ij:party ijr:Japan ;"
        " ij:period ?days . ?days ij:startDate '2015-10-12'^^xsd:date ; ij:endDate '2015-10-19'^^xsd:date ."
        " ijr:JapanPermanentParticipationInMalabar ij:concerns ijr:Malabar ; ij:party ijr:Japan ;"
        " ij:since '2015'^^xsd:gYear ; ij:includes ijr:Malabar2015",
    ),
    (
        M,
        "L35S1",
        "only in 2016",
        "milestones:L35S1 ij:accordingTo ijr:FinancialExpress ."
        " ijr:JapanPermanentParticipationInMalabar ij:concerns ijr:Malabar ; ij:party ijr:Japan ;"
        " ij:agreedBy ijr:India , ijr:UnitedStates ; ij:since '2016'^^xsd:gYear",
    ),
    (
        M,
        "L36S1",
        "Counter-Insurgency and Jungle Warfare School",
        "ijr:DharmaGuardian2018 ij:partOf ijr:DharmaGuardian ; ij:edition 1 ; ij:serviceBranch ijr:Army ;"
        " ij:party ijr:India , ijr:Japan ; ij:venue ijr:CIJWS ; ij:location ijr:Vairengte ;"
        " ij:period ?start . ?start ij:startDate '2018-11-01'^^xsd:date ."
        " ijr:CIJWS ij:location ijr:Vairengte . ijr:Vairengte ij:locatedIn ijr:Mizoram",
    ),
    (
        M,
        "L37S1",
        "2+2 Foreign and Defence Ministerial Dialogue",
        "ijr:TwoPlusTwo2019 ij:partOf ijr:TwoPlusTwoMinisterialDialogue ; ij:edition 1 ;"
        " ij:date '2019-11-30'^^xsd:date ; ij:location ijr:NewDelhi",
    ),
    (
        M,
        "L38S1",
        "Acquisition and Cross-Servicing Agreement",
        "ijr:LogisticsAgreement ij:party ijr:Japan , ijr:India ; ij:date '2020-09-09'^^xsd:date ;"
        " ij:location ijr:NewDelhi ; ij:covers ijr:ReciprocalProvisionOfSuppliesAndServices ;"
        " ij:concerns ijr:IndianArmedForces , ijr:JapaneseArmedForces",
    ),
    (
        M,
        "L39S1",
        "Quad Leaders' Summit",
        "ijr:QuadLeadersSummit2021 ij:partOf ijr:Quad ; ij:edition 1 ; ij:date '2021-03-12'^^xsd:date ;"
        " ij:attendanceMode schema:OnlineEventAttendanceMode",
    ),
    (
        M,
        "L40S1",
        "Hyakuri Air Base",
        "ijr:VeerGuardian2023 ij:partOf ijr:VeerGuardian ; ij:edition 1 ; ij:serviceBranch ijr:AirForce ;"
        " ij:party ijr:India , ijr:Japan ; ij:date '2023-01'^^xsd:gYearMonth ;"
        " ij:location ijr:HyakuriAirBase . ijr:HyakuriAirBase ij:locatedIn ijr:Japan",
    ),
    # --- milestones: economy, energy and mobility -------------------------------------------
    (
        M,
        "L44S1",
        "Peaceful Uses of Nuclear Energy",
        "ijr:CivilNuclearAgreement ij:party ijr:India , ijr:Japan ; ij:date '2016-11-11'^^xsd:date ;"
        " ij:location ijr:Tokyo ; ij:entryIntoForce '2017-07-20'^^xsd:date ;"
        " ij:covers ijr:PeacefulUsesOfNuclearEnergy",
    ),
    (
        M,
        "L45S1",
        "508-kilometre",
        "ijr:MAHSRFoundationStoneCeremony ij:performedBy ijr:NarendraModi , ijr:ShinzoAbe ;"
        " ij:object ijr:MumbaiAhmedabadHighSpeedRail ; ij:date '2017-09-14'^^xsd:date ;"
        " ij:location ijr:Ahmedabad ."
        " ijr:MumbaiAhmedabadHighSpeedRail ij:usesTechnology ijr:Shinkansen ; ij:financedBy ?loan ."
        " ?loan ij:from ijr:Japan . ijr:Shinkansen ij:country ijr:Japan ."
        " ?length ij:measures ijr:MumbaiAhmedabadHighSpeedRail ; ij:value 508.0 ; ij:unit 'kilometres'",
    ),
    (
        M,
        "L46S1",
        "largest recipient of Japanese yen loans",
        "?rank ij:measures ijr:JapaneseYenLoans ; ij:to ijr:India ; ij:rank 1 ; ij:since '2003'^^xsd:gYear",
    ),
    (
        M,
        "L47S1",
        "JPY 502.717 billion",
        "?loans ij:indicatorType ijr:ODA ; ij:from ijr:Japan ; ij:supports ijr:DelhiMetro ;"
        " ij:value 502717000000.0 ; ij:currency 'JPY' ; ij:period ?by . ?by ij:endYear '2014'^^xsd:gYear",
    ),
    (
        M,
        "L48S1",
        "USD 21.96 billion",
        "ijr:BilateralTrade2022-23 ij:value 21960000000.0 ; ij:currency 'USD' ;"
        " ij:statedAs 'USD 21.96 billion' ; ij:period ijr:FY2022-23 ; ij:party ijr:India , ijr:Japan",
    ),
    (
        M,
        "L49S1",
        "about USD 17.7 billion",
        "?exports ij:indicatorType ijr:Exports ; ij:from ijr:India ; ij:to ijr:Japan ;"
        " ij:value 5150000000.0 ; ij:approximate true ; ij:period ijr:FY2023-24 ."
        " ?imports ij:indicatorType ijr:Imports ; ij:from ijr:Japan ; ij:to ijr:India ;"
        " ij:value 17700000000.0 ; ij:approximate true ; ij:period ijr:FY2023-24",
    ),
    (
        M,
        "L50S1",
        "fifth-largest source of FDI",
        "?fdi ij:indicatorType ijr:FDI ; ij:from ijr:Japan ; ij:to ijr:India ; ij:value 43000000000.0 ;"
        " ij:lowerBound true ; ij:period ?years . ?years ij:startYear '2000'^^xsd:gYear ;"
        " ij:endYear '2024'^^xsd:gYear . ijr:JapanFDISourceRank ij:rank 5",
    ),
    (
        M,
        "L51S1",
        "took effect on 1 April 2019",
        "ijr:SSW ij:country ijr:Japan ; ij:entryIntoForce '2019-04-01'^^xsd:date",
    ),
    (
        M,
        "L52S1",
        "Memorandum of Cooperation",
        "ijr:SSWMemorandumOfCooperation ij:party ijr:India , ijr:Japan ; ij:concerns ijr:SSW ;"
        " ij:date '2021-01-18'^^xsd:date ; ij:location ijr:NewDelhi",
    ),
    # --- nenpyō ------------------------------------------------------------------------------
    (
        N,
        "L5S1",
        "菩提僊那",
        "ijr:ConsecrationOfGreatBuddha ij:performedBy ijr:Bodhisena ; ij:object ijr:GreatBuddhaTodaiji ;"
        " ij:location ijr:Todaiji ; ij:date '0752'^^xsd:gYear ."
        " ijr:Todaiji ij:locatedIn ijr:Nara . ijr:Bodhisena ij:country ijr:India ; ij:role ijr:Monk",
    ),
    (
        N,
        "L6S1",
        "1952年4月28日",
        "nenpyo:L6S1 ij:accordingTo ijr:MOFAJapan ."
        " ijr:JapanIndiaPeaceTreaty ij:signatory ijr:Japan , ijr:India ; ij:date '1952-04-28'^^xsd:date ."
        " ijr:EstablishmentOfDiplomaticRelations ij:party ijr:Japan , ijr:India ;"
        " ij:date '1952-04-28'^^xsd:date",
    ),
    (
        N,
        "L7S1",
        "東京宣言",
        "ijr:TokyoDeclaration2014 ij:signatory ijr:NarendraModi , ijr:ShinzoAbe ;"
        " ij:date '2014-09-01'^^xsd:date ; ij:location ijr:Tokyo ;"
        " ij:resultedIn ijr:SpecialStrategicAndGlobalPartnership",
    ),
    (
        N,
        "L8S1",
        "日印原子力協定",
        "ijr:CivilNuclearAgreement ij:date '2016-11-11'^^xsd:date ; ij:location ijr:Tokyo ;"
        " ij:entryIntoForce '2017-07-20'^^xsd:date",
    ),
    (
        N,
        "L9S1",
        "起工式",
        "ijr:MAHSRFoundationStoneCeremony ij:object ijr:MumbaiAhmedabadHighSpeedRail ;"
        " ij:date '2017-09-14'^^xsd:date ; ij:location ijr:Ahmedabad",
    ),
    (
        N,
        "L10S1",
        "新たなプラン",
        "ijr:KishidaPolicySpeech2023 ij:performedBy ijr:FumioKishida ; ij:date '2023-03-20'^^xsd:date ;"
        " ij:location ijr:NewDelhi ; ij:unveiled ijr:NewPlanForFOIP . ijr:NewPlanForFOIP ij:aimsAt ijr:FOIP",
    ),
    (
        N,
        "L11S1",
        "第15回日印年次首脳会談",
        "ijr:Summit15 ij:edition 15 ; ij:location ijr:Tokyo ; ij:period ?days ."
        " ?days ij:startDate '2025-08-29'^^xsd:date ; ij:endDate '2025-08-30'^^xsd:date",
    ),
    (
        N,
        "L11S2",
        "10兆円",
        "ijr:Summit15 ij:setTarget ijr:PrivateInvestmentTarget ."
        " ijr:PrivateInvestmentTarget ij:value 10000000000000.0 ; ij:currency 'JPY' ; ij:statedAs '10兆円' ;"
        " ij:from ijr:Japan ; ij:to ijr:India",
    ),
]


def select(store, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Rows of a SELECT query (with the prefixes above), as plain strings."""
    solutions = store.query(HEAD + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def holds(store, query: str) -> bool:  # type: ignore[no-untyped-def]
    """The answer of an ASK query (with the prefixes above)."""
    return bool(store.query(HEAD + query, use_default_graph_as_union=True))


def _line(doc: str, passage: str) -> str:
    number = int(re.match(r"L(\d+)S\d+$", passage).group(1))  # type: ignore[union-attr]
    return DOCUMENTS[doc].splitlines()[number - 1]


def _id(case: tuple[str, str, str, str]) -> str:
    return f"{case[0]}:{case[1]}"


@pytest.mark.parametrize("case", [pytest.param(c, id=_id(c)) for c in STATEMENTS])
def test_statement_is_modelled_in_its_passage_graph(store, case) -> None:  # type: ignore[no-untyped-def]
    doc, passage, fragment, pattern = case
    assert fragment in _line(doc, passage), f"{doc}:{passage} does not say {fragment!r}"
    quoted = holds(
        store,
        f"ASK {{ {doc}:{passage} ij:quote ?q ; dcterms:isPartOf ijr:{doc} ."
        f" FILTER(CONTAINS(?q, {_sparql_string(fragment)})) }}",
    )
    assert quoted, f"{doc}:{passage}: the built passage does not quote {fragment!r}"
    assert holds(store, f"ASK {{ GRAPH {doc}:{passage} {{ {pattern} }} }}"), (
        f"{doc}:{passage}: its graph lacks the facts of {fragment!r}"
    )


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_every_passage_of_the_sheet_has_a_case(store, doc: str) -> None:  # type: ignore[no-untyped-def]
    rows = select(store, f"SELECT ?p WHERE {{ ?p a ij:Passage ; dcterms:isPartOf ijr:{doc} }}")
    found = {row["p"].rsplit("/", 1)[-1] for row in rows}
    expected = {passage for d, passage, _, _ in STATEMENTS if d == doc}
    assert found == expected
    assert len(expected) == {"milestones": 39, "nenpyo": 8}[doc]


def test_the_split_line_of_the_nenpyo_is_two_passages() -> None:
    line = _line(N, "L11S1")
    assert line.count("。") == 2
    assert {p for d, p, _, _ in STATEMENTS if d == N and p.startswith("L11")} == {"L11S1", "L11S2"}


COMPETING = [
    pytest.param(
        "ijr:JapanIndiaPeaceTreaty ij:date '1952-04-28'^^xsd:date",
        {"milestones:L16S1", "nenpyo:L6S1"},
        id="treaty-28-april",
    ),
    pytest.param(
        "ijr:JapanIndiaPeaceTreaty ij:date '1952-06-09'^^xsd:date",
        {"milestones:L17S1"},
        id="treaty-9-june",
    ),
    pytest.param(
        "ijr:JIMEX12 ij:date '2012-06-09'^^xsd:date", {"milestones:L32S1"}, id="jimex-june"
    ),
    pytest.param(
        "ijr:JIMEX12 ij:date '2012-01'^^xsd:gYearMonth", {"milestones:L33S1"}, id="jimex-january"
    ),
    pytest.param(
        "ijr:JapanPermanentParticipationInMalabar ij:since '2015'^^xsd:gYear",
        {"milestones:L34S1"},
        id="malabar-2015",
    ),
    pytest.param(
        "ijr:JapanPermanentParticipationInMalabar ij:since '2016'^^xsd:gYear",
        {"milestones:L35S1"},
        id="malabar-2016",
    ),
]


@pytest.mark.parametrize(("pattern", "graphs"), COMPETING)
def test_each_competing_version_stays_in_its_own_passage(store, pattern, graphs) -> None:  # type: ignore[no-untyped-def]
    rows = select(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")
    found = {row["g"].removeprefix(PASSAGE).replace("/", ":") for row in rows}
    assert found == graphs


SHARED = [
    pytest.param(
        "ijr:ConsecrationOfGreatBuddha ij:performedBy ijr:Bodhisena ; ij:date '0752'^^xsd:gYear",
        {"article", "milestones", "nenpyo"},
        id="bodhisena-752",
    ),
    pytest.param(
        "ijr:BilateralTrade2022-23 ij:value 21960000000.0 ; ij:currency 'USD'",
        {"article", "milestones"},
        id="trade-21.96-billion",
    ),
    pytest.param(
        "ijr:PrivateInvestmentTarget ij:value 10000000000000.0 ; ij:currency 'JPY'",
        {"article", "milestones", "nenpyo"},
        id="jpy-10-trillion",
    ),
    pytest.param("ijr:JapanFDISourceRank ij:rank 5", {"article", "milestones"}, id="fdi-rank-5"),
]


@pytest.mark.parametrize(("pattern", "documents"), SHARED)
def test_facts_of_several_sources_are_on_the_same_entities(store, pattern, documents) -> None:  # type: ignore[no-untyped-def]
    query = f"SELECT ?doc WHERE {{ GRAPH ?g {{ {pattern} }} ?g dcterms:isPartOf ?doc }}"
    found = {row["doc"].rsplit("/", 1)[-1] for row in select(store, query)}
    assert found == documents


def test_wikidata_links_are_only_the_four_verified(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(
        store,
        "SELECT ?s ?o WHERE { GRAPH ?g { ?s skos:exactMatch|owl:sameAs ?o } "
        "FILTER(STRSTARTS(STR(?o), 'http://www.wikidata.org/')) }",
    )
    links = {(row["s"].rsplit("/", 1)[-1], row["o"]) for row in rows}
    wd = "http://www.wikidata.org/entity/"
    assert links == {
        ("India", wd + "Q668"),
        ("Japan", wd + "Q17"),
        ("RabindranathTagore", wd + "Q7241"),
        ("ShinzoAbe", wd + "Q132345"),
    }


def test_no_literal_holds_a_footnote_marker(store) -> None:  # type: ignore[no-untyped-def]
    assert any("[^" in text for text in DOCUMENTS.values())  # the sheets do have markers
    assert not holds(
        store, "ASK { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o) && CONTAINS(STR(?o), '[^')) }"
    )
    assert not holds(store, "ASK { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), '[^')) }")
    for name in ("ijgraph.nq", "ijgraph.jsonld"):
        assert "[^" not in (ROOT / "exports" / name).read_text(encoding="utf-8"), name


def test_quotes_are_the_sentences_without_their_markers(store) -> None:  # type: ignore[no-untyped-def]
    for doc, text in DOCUMENTS.items():
        rows = select(
            store,
            f"SELECT ?q ?line WHERE {{ ?p dcterms:isPartOf ijr:{doc} ; ij:quote ?q ;"
            " ij:lineNumber ?line }",
        )
        lines = text.splitlines()
        assert len(rows) == {"milestones": 39, "nenpyo": 8}[doc]
        for row in rows:
            quote, line = row["q"], int(row["line"])
            assert quote in _FOOTNOTE.sub("", lines[line - 1]), (doc, line, quote)
