"""Namespaces of ijgraph.

``IJ`` lists every term of ``ontology/ijgraph.ttl``; with ``_fail = True`` a
misspelt term raises instead of minting a new IRI (a test keeps the list and the
ontology in step).

>>> IJ.MilitaryExercise
rdflib.term.URIRef('https://w3id.org/ijgraph/ontology/MilitaryExercise')
>>> IJ["from"] == URIRef(BASE + "ontology/from")
True
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from ijgraph.vocab.prefixes import BASE, PREFIXES

__all__ = ["BASE", "IJ", "IJG", "IJP", "IJR", "PREFIXES"]

#: Resources (entities), passages (sentences of sources) and named graphs.
IJR = Namespace(BASE + "resource/")
IJP = Namespace(BASE + "passage/")
IJG = Namespace(BASE + "graph/")


class IJ(DefinedNamespace):
    """The ijgraph ontology."""

    _NS = Namespace(BASE + "ontology/")
    _fail = True
    # Terms that are Python keywords, reached as IJ["from"].
    _extras = ["from"]  # noqa: RUF012 - DefinedNamespace reads a list

    Agreement: URIRef
    Artefact: URIRef
    ArticleDocument: URIRef
    BackgroundKnowledge: URIRef
    BilateralRelationship: URIRef
    Challenge: URIRef
    City: URIRef
    Community: URIRef
    Concept: URIRef
    Conference: URIRef
    Country: URIRef
    CuratedGraph: URIRef
    Declaration: URIRef
    DialogueMechanism: URIRef
    DocumentKinds: URIRef
    EconomicIndicator: URIRef
    Entity: URIRef
    Event: URIRef
    FactSheet: URIRef
    Figure: URIRef
    Finding: URIRef
    Forum: URIRef
    GovernmentAgency: URIRef
    HeritageSite: URIRef
    HistoricalEvent: URIRef
    IndicatorType: URIRef
    InfrastructureProject: URIRef
    Initiative: URIRef
    Institution: URIRef
    JointVision: URIRef
    MemorandumOfUnderstanding: URIRef
    MilitaryExercise: URIRef
    MultilateralExercise: URIRef
    Organization: URIRef
    Partnership: URIRef
    Passage: URIRef
    Period: URIRef
    Person: URIRef
    Pillar: URIRef
    Place: URIRef
    Policy: URIRef
    Programme: URIRef
    Publication: URIRef
    Recommendation: URIRef
    RecommendedAction: URIRef
    Region: URIRef
    ServiceBranch: URIRef
    Source: URIRef
    SourceDocument: URIRef
    Speech: URIRef
    Statistic: URIRef
    Summit: URIRef
    Target: URIRef
    Topic: URIRef
    TradeAgreement: URIRef
    Visit: URIRef
    accordingTo: URIRef
    acronym: URIRef
    addresses: URIRef
    adopted: URIRef
    agreedBy: URIRef
    aimsAt: URIRef
    alignsWith: URIRef
    approximate: URIRef
    attendanceMode: URIRef
    audience: URIRef
    author: URIRef
    comparedWith: URIRef
    concerns: URIRef
    concluded: URIRef
    contributedTo: URIRef
    country: URIRef
    covers: URIRef
    currency: URIRef
    date: URIRef
    dependsOn: URIRef
    designation: URIRef
    destination: URIRef
    durationYears: URIRef
    edition: URIRef
    endDate: URIRef
    endYear: URIRef
    engagedIn: URIRef
    entryIntoForce: URIRef
    equivalentTo: URIRef
    established: URIRef
    expanded: URIRef
    explores: URIRef
    fileName: URIRef
    financedBy: URIRef
    firstContentLine: URIRef
    focusesOn: URIRef
    follows: URIRef
    formerPassageNamespace: URIRef
    hasOutcome: URIRef
    hasPillar: URIRef
    highlighted: URIRef
    hinders: URIRef
    includes: URIRef
    indicatorType: URIRef
    involves: URIRef
    issuedBy: URIRef
    lastContentLine: URIRef
    launched: URIRef
    lineNumber: URIRef
    locatedIn: URIRef
    location: URIRef
    lowerBound: URIRef
    measures: URIRef
    member: URIRef
    object: URIRef
    partOf: URIRef
    participant: URIRef
    partner: URIRef
    party: URIRef
    performedBy: URIRef
    period: URIRef
    promotes: URIRef
    publisher: URIRef
    quote: URIRef
    rank: URIRef
    rejected: URIRef
    resultedIn: URIRef
    role: URIRef
    saidToHoldRemainsOf: URIRef
    sentenceNumber: URIRef
    serviceBranch: URIRef
    setTarget: URIRef
    sha256: URIRef
    sharedValue: URIRef
    signatory: URIRef
    since: URIRef
    sourcesConsulted: URIRef
    startDate: URIRef
    startYear: URIRef
    statedAs: URIRef
    supports: URIRef
    symbolizes: URIRef
    to: URIRef
    unit: URIRef
    unveiled: URIRef
    usesTechnology: URIRef
    value: URIRef
    venue: URIRef
