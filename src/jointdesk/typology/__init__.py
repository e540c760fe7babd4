"""Scam typology: canonical codes (typology.md) and the machine-learning core of the typology classifier.

Importing this package is light (reference data and errors only). The heavier modules are imported
explicitly where needed:

* :mod:`~jointdesk.typology.codes` - canonical codes, names, definitions and agency mappings (versioned data)
* :mod:`~jointdesk.typology.classifier` - :class:`TypologyClassifier` (fit, predict, probabilities, heads)
* :mod:`~jointdesk.typology.storage` - skops + model card save/load, :func:`load_shipped_model`
* :mod:`~jointdesk.typology.evaluation` - the stratified k-fold protocol for any ``text,label`` CSV
* :mod:`~jointdesk.typology.converters` / :mod:`~jointdesk.typology.corpus` - data sets and CSV layout
* :mod:`~jointdesk.typology.language` - offline language detection
* :mod:`~jointdesk.typology.pipeline` - read files in their layouts, train with a held-out split, save
* :mod:`~jointdesk.typology.holdout` - held-out split and scores, :func:`regression_check` for activation

Training and evaluation need scikit-learn; prediction with a saved model needs numpy and scipy only.
"""

from jointdesk.typology.codes import FRAUD, NOT_FRAUD, SPAM_PROMO, Typology, TypologyEntry, load_typology
from jointdesk.typology.errors import (
    BinaryTextError,
    CsvFormatError,
    EmptyTextError,
    InvalidTextError,
    ModelFileError,
    TooFewExamplesError,
    TypologyError,
    UnknownLabelError,
)

__all__ = [
    "FRAUD",
    "NOT_FRAUD",
    "SPAM_PROMO",
    "BinaryTextError",
    "CsvFormatError",
    "EmptyTextError",
    "InvalidTextError",
    "ModelFileError",
    "TooFewExamplesError",
    "Typology",
    "TypologyEntry",
    "TypologyError",
    "UnknownLabelError",
    "load_typology",
]
