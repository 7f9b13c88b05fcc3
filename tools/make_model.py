"""Regenerate resources/models/lianwei_sample_check.model3 (developer tool): sample township -> check, and the
village maps of the sample.

A technician opens it in the Graphical Modeler as the pattern for their own models.
"""

import os

from bootstrap import REPO, start_qgis


def main():
    app, plugin = start_qgis()
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterNumber,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm("示例乡镇核查（Sample township check）", "两违整治")
    model.setHelpContent({"ALG_DESC": "示例乡镇 → 违法图斑核查、村级图件：两违整治插件的建模器示例"})
    for position, (name, label, default, minimum) in enumerate(
        (("SEED", "随机种子", 2024, None), ("VIOLATIONS", "违法图斑数量", 1200, 0), ("PARCELS", "宗地数量", 20000, 100))
    ):
        parameter = QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Type.Integer, default)
        if minimum is not None:
            parameter.setMinimum(minimum)
        model.addModelParameter(parameter, QgsProcessingModelParameter(name))
        model.parameterComponent(name).setPosition(QPointF(120, 80 + 80 * position))

    sample = QgsProcessingModelChildAlgorithm("lianwei:sampletownship")
    sample.generateChildId(model)
    sample.setDescription("示例乡镇")
    sample.setPosition(QPointF(420, 160))
    for name in ("SEED", "VIOLATIONS", "PARCELS"):
        sample.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromModelParameter(name)])
    ledger = QgsProcessingModelOutput("台账", "台账")
    ledger.setChildOutputName("OUTPUT")
    ledger.setChildId(sample.childId())
    sample.setModelOutputs({"台账": ledger})
    sample_id = model.addChildAlgorithm(sample)

    check = QgsProcessingModelChildAlgorithm("lianwei:checkviolations")
    check.generateChildId(model)
    check.setDescription("违法图斑核查")
    check.setPosition(QPointF(720, 160))
    for parameter, output in (
        ("INPUT", "VIOLATIONS"),
        ("PERMITS", "PERMITS"),
        ("CADASTRE", "CADASTRE"),
        ("VILLAGES", "VILLAGES"),
        ("FARMLAND", "FARMLAND"),
    ):
        check.addParameterSources(
            parameter, [QgsProcessingModelChildParameterSource.fromChildOutput(sample_id, output)]
        )
    checked = QgsProcessingModelOutput("核查后的违法图斑", "核查后的违法图斑")
    checked.setChildOutputName("OUTPUT")
    checked.setChildId(check.childId())
    check.setModelOutputs({"核查后的违法图斑": checked})
    check.setDependencies([])
    model.addChildAlgorithm(check)

    maps = QgsProcessingModelChildAlgorithm("lianwei:villagemaps")
    maps.generateChildId(model)
    maps.setDescription("村级图件")
    maps.setPosition(QPointF(720, 300))
    for parameter, output in (
        ("INPUT", "VIOLATIONS"),
        ("VILLAGES", "VILLAGES"),
        ("CADASTRE", "CADASTRE"),
        ("PERMITS", "PERMITS"),
    ):
        maps.addParameterSources(parameter, [QgsProcessingModelChildParameterSource.fromChildOutput(sample_id, output)])
    maps.addParameterSources("DPI", [QgsProcessingModelChildParameterSource.fromStaticValue(100)])
    folder = QgsProcessingModelOutput("村级图件文件夹", "村级图件文件夹")
    folder.setChildOutputName("OUTPUT_FOLDER")
    folder.setChildId(maps.childId())
    maps.setModelOutputs({"村级图件文件夹": folder})
    model.addChildAlgorithm(maps)

    _fill_required(model)
    problems = [m for child in model.childAlgorithms() for m in model.validateChildAlgorithm(child)[1]]
    assert not problems, problems  # what the Modeler shows in red
    path = os.path.join(REPO, "resources", "models", "lianwei_sample_check.model3")
    assert model.toFile(path), path
    print("wrote", path, [p.name() for p in model.parameterDefinitions()])
    plugin.unload()
    app.exitQgis()


def _fill_required(model) -> None:
    """Each step's required parameters the model does not set, given their defaults: the Modeler shows a step
    without them in red, even though a run falls back on the defaults."""
    from qgis.core import QgsProcessingModelChildParameterSource, QgsProcessingParameterDefinition

    for child in model.childAlgorithms().values():
        sources = child.parameterSources()
        for definition in child.algorithm().parameterDefinitions():
            optional = definition.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
            if optional or definition.name() in sources or definition.isDestination():
                continue
            child.addParameterSources(
                definition.name(), [QgsProcessingModelChildParameterSource.fromStaticValue(definition.defaultValue())]
            )
        model.setChildAlgorithm(child)


if __name__ == "__main__":
    main()
