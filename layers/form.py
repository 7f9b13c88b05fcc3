"""Chinese attribute forms from core's schema: aliases, drop-downs, date pickers, defaults and constraints."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsVectorLayer,
)

from ..core import schema, workflow
from ..translation import tr, tr_later

# Tabs of the violation form: what a technician fills in the field, then what the check fills, then the disposal.
VIOLATION_TABS = (
    (
        tr_later("Case"),
        (
            "case_id",
            "patch_no",
            "source",
            "category",
            "violation_type",
            "village_code",
            "village_name",
            "party",
            "address",
            "found_on",
            "built_on",
            "is_new",
        ),
    ),
    (
        tr_later("Areas and permits"),
        (
            "footprint_m2",
            "ellipsoid_m2",
            "floor_area_m2",
            "permit_no",
            "permitted_m2",
            "unpermitted_m2",
            "excess_m2",
            "farmland_m2",
            "parcel_id",
            "owner",
            "land_class",
            "suggested_type",
            "check_note",
            "area_method",
        ),
    ),
    (
        tr_later("Disposal"),
        ("status", "disposal", "deadline", "demolished_m2", "demolished_on", "signed_off_on", "remarks"),
    ),
    (tr_later("Record"), ("updated_at", "updated_by", "version")),
)

_HARD = QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard


def widget_setup(f: schema.Field) -> QgsEditorWidgetSetup:
    if f.codes:
        # A list of one-entry maps keeps the drop-down in the code list's order.
        return QgsEditorWidgetSetup("ValueMap", {"map": [{label: code} for code, label in f.code_list.items()]})
    if f.type in (schema.DATE, schema.DATETIME):
        shown = "yyyy-MM-dd" if f.type == schema.DATE else "yyyy-MM-dd HH:mm:ss"
        return QgsEditorWidgetSetup(
            "DateTime",
            {"field_format": shown, "display_format": shown, "calendar_popup": True, "allow_null": True},
        )
    if f.type == schema.BOOLEAN:
        return QgsEditorWidgetSetup("CheckBox", {"CheckedState": "", "UncheckedState": ""})
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": f.length > 200, "UseHtml": False})


def constraint_description(f: schema.Field) -> str:
    if f.codes:
        return tr("Choose a value from the list")
    return tr("An area cannot be negative")


def apply_schema(layer: QgsVectorLayer, spec: schema.Layer) -> None:
    """Configure ``layer``'s fields from ``spec``; fields the schema does not know stay as they are."""
    fields = layer.fields()
    config = layer.editFormConfig()
    fid = fields.indexOf("fid")
    if fid >= 0:
        layer.setEditorWidgetSetup(fid, QgsEditorWidgetSetup("Hidden", {}))
    for f in spec.fields:
        index = fields.indexOf(f.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, f.alias)
        layer.setEditorWidgetSetup(index, widget_setup(f))
        if f.required:
            layer.setFieldConstraint(index, QgsFieldConstraints.Constraint.ConstraintNotNull, _HARD)
        if f.unique:
            layer.setFieldConstraint(index, QgsFieldConstraints.Constraint.ConstraintUnique, _HARD)
        expression = schema.check_expression(f)
        description = constraint_description(f)
        if spec.name == "violations" and f.name == "status":
            # The form explains a forbidden change of status before the ledger's trigger refuses it.
            expression = f"({expression}) AND {workflow.form_expression()}"
            description = workflow.form_message()
        if expression:
            layer.setConstraintExpression(index, expression, description)
            layer.setFieldConstraint(index, QgsFieldConstraints.Constraint.ConstraintExpression, _HARD)
        default = f.default_expression or f.default
        if default and default != "CURRENT_TIMESTAMP":
            layer.setDefaultValueDefinition(index, QgsDefaultValue(default, f.default_on_update))
        config.setReadOnly(index, f.read_only)
    if spec.name == "violations":
        _tabs(layer, config)
    layer.setEditFormConfig(config)


def _tabs(layer: QgsVectorLayer, config: QgsEditFormConfig) -> None:
    # QGIS 3.32 renamed the drag-and-drop ("tab") layout; 3.22 knows only the old name.
    layouts = getattr(Qgis, "AttributeFormLayout", None)
    config.setLayout(layouts.DragAndDrop if layouts is not None else QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    fields = layer.fields()
    for title, names in VIOLATION_TABS:
        tab = QgsAttributeEditorContainer(tr(title), root)
        _make_tab(tab)
        for name in names:
            index = fields.indexOf(name)
            if index >= 0:
                tab.addChildElement(QgsAttributeEditorField(name, index, tab))
        config.addTab(tab)


def _make_tab(container: QgsAttributeEditorContainer) -> None:
    """A tab, not a group box: QGIS 3.32+ says so with a container type, 3.22 with setIsGroupBox(False)."""
    container_type = getattr(Qgis, "AttributeEditorContainerType", None)
    if container_type is not None and hasattr(container, "setType"):
        container.setType(container_type.Tab)
    else:
        container.setIsGroupBox(False)
