"""Chinese attribute forms from core's schema: aliases, drop-downs, date pickers, defaults and constraints."""

from __future__ import annotations

from typing import Dict, Optional

from qgis.core import (
    Qgis,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsProperty,
    QgsPropertyCollection,
    QgsPropertyDefinition,
    QgsRelation,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt

from ..core import schema, workflow
from ..core.patch_fields import UPPER_FIELD_NAMES, VERIFICATION_FIELD_NAMES, reason_expression
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
    (tr_later("Satellite patch"), UPPER_FIELD_NAMES),  # what the upper level's patch file says
    (tr_later("Field verification"), VERIFICATION_FIELD_NAMES),  # what the township found on site
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
        if spec.name == "violations" and f.name == "verify_reason":
            expression = reason_expression()
            description = tr("A result of legal (合法) or other (其他) needs the reason (核查理由)")
        if expression:
            layer.setConstraintExpression(index, expression, description)
            layer.setFieldConstraint(index, QgsFieldConstraints.Constraint.ConstraintExpression, _HARD)
        default = f.default_expression or f.default
        if default and default != "CURRENT_TIMESTAMP":
            layer.setDefaultValueDefinition(index, QgsDefaultValue(default, f.default_on_update))
        config.setReadOnly(index, f.read_only)
    if spec.name == "violations":
        _tabs(layer, config)
    elif spec.name == "evidence":
        _evidence_form(layer)
    elif spec.name == "case_log":
        _history_form(layer, config)
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


# The case's evidence and history under the violation's own tabs, through the relations that layers/project.py adds
# to the ledger's project and to any project a ledger is opened in (ids fixed; a second ledger gets "_2").
# Not stored in the GeoPackage's default style: QGIS 3.22 stores a relation editor without its relation's id unless
# the relation is in QgsProject.instance().
EVIDENCE_RELATION = "lianwei_evidence_case"
CASE_LOG_RELATION = "lianwei_case_log_case"
_EVIDENCE_BUTTONS = "AddChildFeature|DeleteChildFeature|SaveChildEdits"
RELATION_TABS = (
    (tr_later("Photos"), EVIDENCE_RELATION, _EVIDENCE_BUTTONS),
    (tr_later("History"), CASE_LOG_RELATION, "NoButton"),  # the trace is written by the ledger, never by hand
)
# file_path is relative to the ledger's folder: the folder of the layer's own source, whatever project shows it.
LEDGER_FOLDER_EXPRESSION = "file_path(layer_property(@layer, 'source'))"


def bind_case_relations(layer: QgsVectorLayer, relations: Dict[str, QgsRelation]) -> None:
    """(Re)build the Photos and History tabs of the violations ``layer`` on ``relations`` (keyed by the fixed ids
    above; a project holding two ledgers gives the second its own relations). Older ledgers get the tabs too."""
    config = layer.editFormConfig()
    _relation_tabs(config, relations)
    layer.setEditFormConfig(config)


def _relation_tabs(config: QgsEditFormConfig, relations: Dict[str, QgsRelation]) -> None:
    kept = [tab for tab in config.tabs() if not _is_relation_tab(tab)]
    if len(kept) != len(config.tabs()):
        clones = [tab.clone(config.invisibleRootContainer()) for tab in kept]
        config.clearTabs()
        for tab in clones:
            config.addTab(tab)
    root = config.invisibleRootContainer()
    for title, relation_id, buttons in RELATION_TABS:
        relation: Optional[QgsRelation] = relations.get(relation_id)
        if relation is None:  # no relation in the project (e.g. a table missing): no tab rather than a broken one
            continue
        tab = QgsAttributeEditorContainer(tr(title), root)
        _make_tab(tab)
        # Made from the relation, not its id: QGIS 3.22 stores an element made from an id string with an empty id.
        element = QgsAttributeEditorRelation(relation, tab)
        element.setRelationWidgetTypeId("relation_editor")
        element.setShowLabel(False)  # the tab already says what it holds
        if hasattr(element, "setRelationEditorConfiguration"):  # QGIS 3.18+
            element.setRelationEditorConfiguration({"buttons": buttons, "show_first_feature": True})
        tab.addChildElement(element)
        config.addTab(tab)


def _is_relation_tab(tab) -> bool:
    """A tab made by _relation_tabs: only relation editors, ours (an element's name is its relation's id) or ones
    whose relation a QGIS 3.22 style lost."""
    # isinstance, not type(): QGIS 3.32 moved the element types to Qgis.AttributeEditorType.
    children = tab.children() if isinstance(tab, QgsAttributeEditorContainer) else []
    return bool(children) and all(
        isinstance(child, QgsAttributeEditorRelation)
        and (child.name() == "" or child.name().startswith(("lianwei_evidence_case", "lianwei_case_log_case")))
        for child in children
    )


def _evidence_form(layer: QgsVectorLayer) -> None:
    """file_path as a file with an image viewer: thumbnails of the case's photos in the violation's form."""
    index = layer.fields().indexOf("file_path")
    if index < 0:
        return
    root_path = QgsPropertyCollection("lianwei_evidence")
    root_path.setProperty(0, QgsProperty.fromExpression(LEDGER_FOLDER_EXPRESSION))  # QgsEditorWidgetWrapper.RootPath
    definitions = {
        0: QgsPropertyDefinition(
            "propertyRootPath", tr("Root path"), QgsPropertyDefinition.StandardPropertyTemplate.String
        )
    }
    config = {
        "DocumentViewer": 1,  # image
        "DocumentViewerHeight": 240,
        "DocumentViewerWidth": 0,
        "FileWidget": True,
        "FileWidgetButton": True,
        "FileWidgetFilter": "",
        "StorageMode": 0,  # files
        "RelativeStorage": 2,  # relative to the root path below
        "DefaultRoot": "",
        "PropertyCollection": root_path.toVariant(definitions),
        "UseLink": True,
        "FullUrl": True,
    }
    layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ExternalResource", config))
    # The form's list is sorted by this text: photos by the time they were taken, then the documents ("—" sorts
    # after digits), so the first photo's thumbnail is what the Photos tab opens on.
    layer.setDisplayExpression(
        "coalesce(format_date(\"taken_at\", 'yyyy-MM-dd HH:mm'), '—') || ' ' || file_name(\"file_path\")"
    )
    _sort_table(layer, '"taken_at"')


def _history_form(layer: QgsVectorLayer, config: QgsEditFormConfig) -> None:
    """The trace reads in the order things happened, in the list and the table alike; nobody edits it by hand."""
    for index in range(layer.fields().count()):
        config.setReadOnly(index, True)
    _sort_table(layer, '"changed_at"')
    layer.setDisplayExpression(history_display_expression())


def history_display_expression() -> str:
    """A history row as a technician reads it: time, who, the field's Chinese name, old → new in Chinese names."""

    def qgis_map(pairs) -> str:
        return "map(" + ", ".join(f"'{key}', '{value}'" for key, value in pairs.items()) + ")"

    labels = {f.name: f.alias for f in schema.VIOLATIONS.fields}
    labels["geom"] = tr("shape")
    codes = {}
    for f in schema.VIOLATIONS.fields:
        codes.update(f.code_list)

    def value(column: str) -> str:
        return f'coalesce(map_get({qgis_map(codes)}, "{column}"), "{column}", \'∅\')'

    return (
        "format_date(\"changed_at\", 'yyyy-MM-dd HH:mm:ss') || ' ' || coalesce(\"changed_by\", '') || ' ' || "
        f"coalesce(map_get({qgis_map(labels)}, \"field\"), \"field\", '') || '：' || "
        f"{value('old_value')} || ' → ' || {value('new_value')}"
    )


def _sort_table(layer: QgsVectorLayer, expression: str) -> None:
    """Oldest first in the attribute table, which is also the relation editor's table view."""
    table = layer.attributeTableConfig()
    table.update(layer.fields())
    table.setSortExpression(expression)
    table.setSortOrder(Qt.SortOrder.AscendingOrder)
    layer.setAttributeTableConfig(table)
