"""Closed vocabularies of the screening input document (safeguards.md §3-§5, operations.md §8).

Open vocabularies (offence codes, purpose codes, legal-basis kinds) live in the versioned rule set,
because the legal owners change them without a code release.
"""

from __future__ import annotations

from enum import StrEnum


class RequestType(StrEnum):
    INFORMATION = "information"
    SUBSCRIBER = "subscriber_information"
    PRESERVATION = "preservation"
    FREEZE = "freeze"
    LOCATE = "locate"
    TRANSFER = "transfer"
    DNA_FOLLOW_UP = "dna_follow_up"
    JOINT_OPERATION = "joint_operation"
    IDENTIFIER_BLOCK = "identifier_block"
    INTERVENTION = "domestic_intervention"


INFORMATION_TYPES = frozenset({RequestType.INFORMATION, RequestType.SUBSCRIBER, RequestType.PRESERVATION})
ALWAYS_COERCIVE_TYPES = frozenset(
    {RequestType.FREEZE, RequestType.TRANSFER, RequestType.DNA_FOLLOW_UP, RequestType.JOINT_OPERATION}
)
CROSS_BORDER_TYPES = frozenset(RequestType) - {RequestType.INTERVENTION}


class InterventionKind(StrEnum):
    STOP_PAYMENT = "stop_payment"
    CRYPTO_FREEZE = "crypto_freeze"
    BLOCK_NUMBER = "block_number"
    TERMINATE_SIM = "terminate_sim"
    TAKEDOWN = "takedown"
    DISABLE_ACCOUNT = "disable_account"
    WARN_VICTIM = "warn_victim"


FREEZE_INTERVENTIONS = frozenset({InterventionKind.STOP_PAYMENT, InterventionKind.CRYPTO_FREEZE})


class TransferRoute(StrEnum):
    EXTRADITION = "extradition"
    DEPORTATION = "deportation"
    VOLUNTARY_RETURN = "voluntary_return"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    IMMEDIATE = "immediate"


class PersonCategory(StrEnum):
    """LED Art. 6 categories; ``unclassified`` pending trafficking screening (safeguards.md §5.1)."""

    SUSPECT = "suspect"
    CONVICTED = "convicted"
    VICTIM = "victim"
    WITNESS = "witness"
    CONTACT = "contact"
    UNCLASSIFIED = "unclassified"


class SourceReliability(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    X = "X"


class ProtectionStatus(StrEnum):
    NONE = "none"
    RECOGNISED_REFUGEE = "recognised_refugee"
    ASYLUM_SEEKER = "asylum_seeker"


class SubjectStatus(StrEnum):
    """GEN-03 predominance flags on the person."""

    POLITICIAN = "politician"
    OFFICIAL = "official"
    ACTIVIST = "activist"
    JOURNALIST = "journalist"
    RIGHTS_DEFENDER = "rights_defender"
    RELIGIOUS_FIGURE = "religious_figure"
    DIASPORA = "diaspora"


class ContextFlag(StrEnum):
    """GEN-03 predominance flags on the request's context."""

    PROTEST = "protest"
    ELECTION = "election"
    UNREST = "unrest"
    REGIME_CHANGE = "regime_change"
    INTER_STATE_DISPUTE = "inter_state_dispute"


class PersecutionGround(StrEnum):
    RACE = "race"
    ETHNICITY = "ethnicity"
    RELIGION = "religion"
    NATIONALITY = "nationality"
    POLITICAL_OPINION = "political_opinion"
    SEX = "sex"
    SOCIAL_STATUS = "status"


class FamilyMeasure(StrEnum):
    """LOC-02 declared measures against relatives."""

    DETENTION = "detention"
    BENEFIT_LIMITS = "benefit_limits"
    SCHOOLING_LIMITS = "schooling_limits"
    PROPERTY_MEASURES = "property_measures"
    PERSUADE_TO_RETURN = "persuade_to_return"


class HandlingCode(StrEnum):
    H0 = "H0"
    H1 = "H1"
    H2 = "H2"
    H3 = "H3"


class TlpLabel(StrEnum):
    RED = "RED"
    AMBER_STRICT = "AMBER+STRICT"
    AMBER = "AMBER"
    GREEN = "GREEN"
    CLEAR = "CLEAR"


# Most restrictive first: a label is "looser" than another when its index is higher.
TLP_ORDER: tuple[TlpLabel, ...] = tuple(TlpLabel)


class TransferBasis(StrEnum):
    """LED Arts 36-38 (and 108+ Art. 14): the basis of a transfer to a third country."""

    ADEQUACY = "adequacy"
    APPROPRIATE_SAFEGUARDS = "appropriate_safeguards"
    DEROGATION = "derogation"


class IdentifierKind(StrEnum):
    IP = "ip"
    PHONE = "phone"
    WALLET = "wallet"
    BANK_ACCOUNT = "bank_account"
    DEVICE_ID = "device_id"
    EMAIL = "email"
    URL = "url"
    ACCOUNT = "account"


class OrderAuthority(StrEnum):
    """FRZ-01: who ordered the freeze; anything but a judge needs a confirmation deadline."""

    JUDICIAL = "judicial"
    PROSECUTOR = "prosecutor"
    URGENT_STATUTORY = "urgent_statutory"
    FIU = "fiu"


class HolderKind(StrEnum):
    INDIVIDUAL = "individual"
    BUSINESS = "business"
    NGO = "ngo"
    MEDIA = "media"
    POLITICAL = "political"


class Granularity(StrEnum):
    """LOC-01, coarsest first."""

    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    ADDRESS = "address"
    COORDINATES = "coordinates"


class ContactPlan(StrEnum):
    NONE = "none"
    VIA_HOST_STATE = "via_host_state"
    REQUESTING_STATE_CONTACT = "requesting_state_contact"
    CONTACT_RELATIVES = "contact_relatives"


class SiteKind(StrEnum):
    SCAM_COMPOUND = "scam_compound"
    DETENTION = "detention"
    OTHER = "other"


class Answer(StrEnum):
    """Questionnaire answers (safeguards.md §4.1); only ``yes`` scores."""

    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"
    DECLINED = "declined"


class TipOutcome(StrEnum):
    PRESUMPTIVE_VICTIM = "presumptive_victim"
    INCONCLUSIVE = "inconclusive"
    NOT_INDICATED = "not_indicated"


class Vulnerability(StrEnum):
    PREGNANCY = "pregnancy"
    SERIOUS_ILLNESS = "serious_illness"
    DISABILITY = "disability"


class RiskFactor(StrEnum):
    """TRF-03 personal factors."""

    ETHNICITY = "ethnicity"
    RELIGION = "religion"
    POLITICS = "politics"
    PRIOR_TORTURE = "prior_torture"
    RETURNEE_PROFILE = "returnee_profile"


class TransferPurpose(StrEnum):
    PROSECUTION = "prosecution"
    ENFORCEMENT = "enforcement"


class AssuranceTrackRecord(StrEnum):
    NONE_KNOWN = "none_known"
    RESPECTED = "respected"
    BREACHED = "breached"


class DnaProfileType(StrEnum):
    STR_PROFILE = "str_profile"
    SAMPLE = "sample"
    RAW_SEQUENCE = "raw_sequence"
    SNP_PROFILE = "snp_profile"


class DnaSearch(StrEnum):
    DIRECT = "direct"
    FAMILIAL = "familial"
    PHENOTYPE = "phenotype"
    ANCESTRY = "ancestry"


class DecisionAuthorityKind(StrEnum):
    JUDICIAL = "judicial"
    ADMINISTRATIVE = "administrative"
