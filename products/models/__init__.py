"""Models of the products app (outcome 2), one module per subject; every model, public queryset and
``QUADRANT_CODES`` is re-exported here, so ``from products.models import Product`` and string
references such as ``"products.Product"`` keep working (app label and tables are unchanged):

- ``catalogue``: products, their photos, standards/certifications, stars by year, where to buy;
- ``quadrant``: the quadrant classification tables staff edit (quadrants, checklist parts and
  options, rules) and the yearly assessments with their answers and overrides;
- ``development``: Quadrant D development projects, stage records, stage attachments, stage moves;
- ``marketing``: producer groups' online-marketing skills checklist.

The submodules are imported in the order the models were declared in the former single module
(the catalogue first: the others refer to Product), so the app registry lists them as before.
"""

# isort: off
from .catalogue import Certification, Product, ProductPhoto, ProductQuerySet, StarRating
from .quadrant import (
    QUADRANT_CODES,
    Assessment,
    AssessmentAnswer,
    AssessmentQuerySet,
    ChecklistOption,
    ChecklistPart,
    Quadrant,
    QuadrantRule,
)
from .development import (
    DevelopmentProject,
    DevelopmentProjectQuerySet,
    StageAttachment,
    StageRecord,
    StageTransition,
)
from .marketing import GroupMarketingSkill, GroupSkillQuerySet
# isort: on


def _adopt_history_models() -> None:
    """django-simple-history gives the history models of a models *package* the app's module
    ("products") while attaching them to the submodule that declared the tracked model. Give them
    back the module they had when the models lived in one models.py, so
    ``products.models.HistoricalProduct`` and ``manage.py shell``'s auto-import keep working."""
    from django.db.models import Model

    from . import catalogue, development, marketing, quadrant

    for module in (catalogue, quadrant, development, marketing):
        for name, obj in list(vars(module).items()):
            if name.startswith("Historical") and isinstance(obj, type) and issubclass(obj, Model):
                obj.__module__ = __name__
                globals()[name] = obj


_adopt_history_models()

__all__ = [
    # catalogue
    "ProductQuerySet",
    "Product",
    "ProductPhoto",
    "Certification",
    "StarRating",
    # quadrant classification
    "QUADRANT_CODES",
    "Quadrant",
    "ChecklistPart",
    "ChecklistOption",
    "QuadrantRule",
    "AssessmentQuerySet",
    "Assessment",
    "AssessmentAnswer",
    # development pipeline
    "DevelopmentProjectQuerySet",
    "DevelopmentProject",
    "StageRecord",
    "StageAttachment",
    "StageTransition",
    # online-marketing checklist
    "GroupSkillQuerySet",
    "GroupMarketingSkill",
]
