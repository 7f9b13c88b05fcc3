<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>lianwei</name>
        <message>
            <source>The Python package {package} is missing from this QGIS. To install it: on Windows, run the OSGeo4W Setup (Advanced Install) and add python3-{package}, or in the OSGeo4W Shell run: python -m pip install {package}; on Debian or Ubuntu: sudo apt install python3-{package}; elsewhere: python3 -m pip install {package} with the Python that QGIS uses. Then restart QGIS.</source>
            <translation>此 QGIS 缺少 Python 包 {package}。安装方法：Windows 上运行 OSGeo4W Setup（高级安装）并勾选 python3-{package}，或在 OSGeo4W Shell 中运行：python -m pip install {package}；Debian 或 Ubuntu 上运行：sudo apt install python3-{package}；其他系统用 QGIS 所用的 Python 运行：python3 -m pip install {package}。安装后重启 QGIS。</translation>
        </message>
        <message>
            <source>Land violations</source>
            <translation>两违整治</translation>
        </message>
        <message>
            <source>Missing Python package…</source>
            <translation>缺少 Python 包…</translation>
        </message>
        <message>
            <source>Lianwei</source>
            <translation>两违整治</translation>
        </message>
        <message>
            <source>New ledger…</source>
            <translation>新建台账…</translation>
        </message>
        <message>
            <source>Open ledger…</source>
            <translation>打开台账…</translation>
        </message>
        <message>
            <source>Sample township…</source>
            <translation>示例乡镇…</translation>
        </message>
        <message>
            <source>Load office layers…</source>
            <translation>加载本单位图层…</translation>
        </message>
        <message>
            <source>Import satellite patches…</source>
            <translation>导入卫片图斑…</translation>
        </message>
        <message>
            <source>Return the field verification…</source>
            <translation>回传核查结果…</translation>
        </message>
        <message>
            <source>Reconcile with the upper level…</source>
            <translation>与上级对账…</translation>
        </message>
        <message>
            <source>Campaign progress</source>
            <translation>整治进度</translation>
        </message>
        <message>
            <source>Campaign settings…</source>
            <translation>整治任务设置…</translation>
        </message>
        <message>
            <source>Print village maps…</source>
            <translation>打印村级图…</translation>
        </message>
        <message>
            <source>Case card…</source>
            <translation>案件卡片…</translation>
        </message>
        <message>
            <source>Tianditu token…</source>
            <translation>天地图 Key…</translation>
        </message>
        <message>
            <source>Attach evidence…</source>
            <translation>附加取证材料…</translation>
        </message>
        <message>
            <source>Lianwei algorithms in the Processing toolbox</source>
            <translation>处理工具箱中的两违整治工具</translation>
        </message>
        <message>
            <source>This is not a boundary-point file: it has no [地块坐标] section</source>
            <translation>这不是界址点坐标文件：没有[地块坐标]节</translation>
        </message>
        <message>
            <source>The file holds no parcel: [地块坐标] has no line ending in @</source>
            <translation>文件中没有地块：[地块坐标]下没有以@结尾的行</translation>
        </message>
        <message>
            <source>The file is encoded in {encoding}</source>
            <translation>文件编码为{encoding}</translation>
        </message>
        <message>
            <source>Line {line} is neither a parcel header (ending in @) nor a point (name, ring, X, Y): {text}</source>
            <translation>第{line}行既不是地块属性行（以@结尾），也不是界址点行（点号,圈号,X,Y）：{text}</translation>
        </message>
        <message>
            <source>Line {line}: {what} {value} is not a number</source>
            <translation>第{line}行：{what}“{value}”不是数字</translation>
        </message>
        <message>
            <source>Line {line} is a point before any parcel header (a line ending in @)</source>
            <translation>第{line}行是界址点，但其前面没有地块属性行（以@结尾的行）</translation>
        </message>
        <message>
            <source>Points have no ring number (name, X, Y, from line {line}): every point was read as ring 1</source>
            <translation>界址点没有圈号（点号,X,Y，自第{line}行起）：全部按第1圈读取</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}) declares {declared} points but {found} follow</source>
            <translation>地块{parcel}（第{line}行）注明界址点数{declared}个，实际有{found}个</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}) is recorded as {kind}, not 面 (a polygon): it was left out</source>
            <translation>地块{parcel}（第{line}行）的图形属性为“{kind}”，不是“面”：未读入</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}) has no points</source>
            <translation>地块{parcel}（第{line}行）没有界址点</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}) was left out: its point on line {point_line} cannot be placed</source>
            <translation>地块{parcel}（第{line}行）未读入：第{point_line}行的界址点坐标无法定位</translation>
        </message>
        <message>
            <source>The parcel on line {line} has no 地块编号: it was numbered {parcel}</source>
            <translation>第{line}行的地块没有地块编号：已编为{parcel}</translation>
        </message>
        <message>
            <source>Parcel number {parcel} appears more than once (lines {lines})</source>
            <translation>地块编号{parcel}重复出现（第{lines}行）</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}): 地块面积 {declared} is in m², not hectares as the format says</source>
            <translation>地块{parcel}（第{line}行）：地块面积{declared}的单位是平方米，而格式规定为公顷</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}): 地块面积 {declared} ha differs from the area of its points, {computed:.4f} ha</source>
            <translation>地块{parcel}（第{line}行）：地块面积{declared}公顷与按界址点计算的面积{computed:.4f}公顷不符</translation>
        </message>
        <message>
            <source>Parcel {parcel} (line {line}): 地块面积 {declared} is not a number</source>
            <translation>地块{parcel}（第{line}行）：地块面积“{declared}”不是数字</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel} (lines {first}–{last}) does not end at its first point: it was closed</source>
            <translation>地块{parcel}第{ring}圈（第{first}–{last}行）未闭合：已自动闭合</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel}: its closing point {point} on line {last} lies {distance:.3f} m from the same point on line {first}: read as the first point</source>
            <translation>地块{parcel}第{ring}圈：第{last}行的闭合点{point}与第{first}行的同名点相距{distance:.3f}米：按起点读取</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel}: point {point} on line {last} repeats the name of its first point but lies {distance:.2f} m from it: kept as a corner, and the ring closed</source>
            <translation>地块{parcel}第{ring}圈：第{last}行的点{point}与起点同名，但相距{distance:.2f}米：作为拐点保留，并自动闭合</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel} (lines {first}–{last}) has fewer than 3 different points</source>
            <translation>地块{parcel}第{ring}圈（第{first}–{last}行）不足3个不同的点</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel} lies inside ring {outer}: read as a hole</source>
            <translation>地块{parcel}第{ring}圈位于第{outer}圈之内：作为扣除的内部区域（洞）读取</translation>
        </message>
        <message>
            <source>Ring {ring} of parcel {parcel} lies outside the other rings: read as a further part of the parcel</source>
            <translation>地块{parcel}第{ring}圈位于其他圈之外：作为该地块的另一部分读取</translation>
        </message>
        <message>
            <source>Ring 1 of parcel {parcel} lies inside ring {outer}: ring {outer} was read as the outline</source>
            <translation>地块{parcel}第1圈位于第{outer}圈之内：以第{outer}圈为外边界</translation>
        </message>
        <message>
            <source>Ring number {ring} of parcel {parcel} appears again on line {line} after another ring: read as a separate ring</source>
            <translation>地块{parcel}的圈号{ring}在其他圈之后于第{line}行再次出现：作为单独一圈读取</translation>
        </message>
        <message>
            <source>The rings of parcel {parcel} cross or touch each other ({reason}): the polygon was repaired</source>
            <translation>地块{parcel}的边界相交或相接（{reason}）：已修复图形</translation>
        </message>
        <message>
            <source>Nothing is left of parcel {parcel} once its crossing rings are repaired</source>
            <translation>地块{parcel}的相交边界修复后图形为空</translation>
        </message>
        <message>
            <source>The file has no [属性描述] section: its coordinate system is not stated</source>
            <translation>文件没有[属性描述]节：未说明坐标系</translation>
        </message>
        <message>
            <source>Line {line}: ({x}, {y}) is not a northing and an easting in China in either order</source>
            <translation>第{line}行：({x}, {y})无论按哪种顺序都不是我国范围内的纵、横坐标</translation>
        </message>
        <message>
            <source>X and Y are in the wrong order (X is the easting) on every line: they were swapped back</source>
            <translation>所有行的X、Y顺序颠倒（X为横坐标）：已对调</translation>
        </message>
        <message>
            <source>X and Y are in the wrong order on lines {lines}: they were swapped back there</source>
            <translation>第{lines}行的X、Y顺序颠倒：已对调</translation>
        </message>
        <message>
            <source>几度分带={width} is neither 3 nor 6</source>
            <translation>几度分带={width}既不是3也不是6</translation>
        </message>
        <message>
            <source>带号={zone} is not a zone over China (3-degree zones 25–45, 6-degree zones 13–23): the file cannot be placed; correct 带号 in the header</source>
            <translation>带号={zone}不是我国范围内的投影带（3度带25–45，6度带13–23）：无法定位，请更正属性描述中的带号</translation>
        </message>
        <message>
            <source>带号={zone} is the central meridian {zone}°: read as {width}-degree zone {number}</source>
            <translation>带号={zone}为中央经线{zone}°：按{width}度带第{number}带读取</translation>
        </message>
        <message>
            <source>几度分带 is not given: zone {zone} is a {width}-degree zone</source>
            <translation>未填几度分带：第{zone}带为{width}度带</translation>
        </message>
        <message>
            <source>带号 is not given: zone {zone} was taken from the zone number the eastings carry</source>
            <translation>未填带号：按横坐标所带的带号取第{zone}带</translation>
        </message>
        <message>
            <source>The zone is not known: 带号 is not given and the eastings carry no zone number; give the zone</source>
            <translation>无法确定投影带：未填带号，横坐标也不带带号；请指定带号</translation>
        </message>
        <message>
            <source>The eastings carry different zone numbers ({zones}): the file mixes zones</source>
            <translation>横坐标所带带号不一致（{zones}）：文件混用了多个投影带</translation>
        </message>
        <message>
            <source>The eastings carry zone {found} (line {line}) but 带号 says {zone}: correct the header or the points</source>
            <translation>横坐标带号为{found}（第{line}行），但带号填写为{zone}：请更正属性描述或坐标</translation>
        </message>
        <message>
            <source>The eastings carry zone {zone}, which is not a zone over China: the file cannot be placed</source>
            <translation>横坐标带号为{zone}，不是我国范围内的投影带：无法定位</translation>
        </message>
        <message>
            <source>Only some eastings carry the zone number {zone} (lines {lines}): it was removed from them</source>
            <translation>只有部分横坐标带有带号{zone}（第{lines}行）：已去掉带号</translation>
        </message>
        <message>
            <source>坐标系 is not given: CGCS2000 (2000国家大地坐标系) was assumed; check with the surveyor</source>
            <translation>未填坐标系：按2000国家大地坐标系读取，请向测量单位核实</translation>
        </message>
        <message>
            <source>坐标系={name} is not a coordinate system this plugin knows (CGCS2000, Xian 1980, Beijing 1954)</source>
            <translation>坐标系={name}不是本插件识别的坐标系（2000国家大地坐标系、1980西安坐标系、1954北京坐标系）</translation>
        </message>
        <message>
            <source>坐标系={name} is WGS 84: boundary points must be Gauss-Krüger coordinates on CGCS2000</source>
            <translation>坐标系={name}为WGS 84：界址点应为2000国家大地坐标系的高斯-克吕格坐标</translation>
        </message>
        <message>
            <source>The points are on the {datum} datum (EPSG:{epsg}): convert them to CGCS2000 with your province's transformation parameters before comparing them with the ledger; unconverted they are tens of metres off</source>
            <translation>界址点为{datum}坐标（EPSG:{epsg}）：与台账比对前须用本省转换参数转换为2000国家大地坐标系，未转换的位置偏差可达数十米</translation>
        </message>
        <message>
            <source>投影类型={name} is not Gauss-Krüger: the file cannot be placed</source>
            <translation>投影类型={name}不是高斯-克吕格投影：无法定位</translation>
        </message>
        <message>
            <source>计量单位={name} is not metres: the file cannot be placed</source>
            <translation>计量单位={name}不是米：无法定位</translation>
        </message>
        <message>
            <source>Coordinate system: {datum}, {width}-degree Gauss-Krüger zone {zone}, central meridian {meridian}°, EPSG:{epsg}</source>
            <translation>坐标系：{datum}，高斯-克吕格{width}度带第{zone}带，中央经线{meridian}°，EPSG:{epsg}</translation>
        </message>
        <message>
            <source>Sheet {sheet} has no X and Y columns</source>
            <translation>工作表{sheet}没有X、Y坐标列</translation>
        </message>
        <message>
            <source>Sheet {sheet}, row {row}: {what} {value} is not a number</source>
            <translation>工作表{sheet}第{row}行：{what}“{value}”不是数字</translation>
        </message>
        <message>
            <source>Sheet {sheet}, row {row}: only one of X and Y is given</source>
            <translation>工作表{sheet}第{row}行：X、Y只填了一个</translation>
        </message>
        <message>
            <source>The coordinate system was taken from the title of sheet {sheet}: {text}</source>
            <translation>坐标系取自工作表{sheet}的标题：{text}</translation>
        </message>
        <message>
            <source>Read {count} sheets as parcels: {sheets}</source>
            <translation>读取了{count}个工作表作为地块：{sheets}</translation>
        </message>
        <message>
            <source>The case number was changed in the field copy: numbers are given by the office</source>
            <translation>外业副本中改动了案件编号：案件编号由办公室统一编定</translation>
        </message>
        <message>
            <source>The case was deleted in the office after the checkout: the field's changes were not applied</source>
            <translation>导出外业副本后该案件已在办公室删除：外业的修改未写入</translation>
        </message>
        <message>
            <source>Photo {photo}: no time it was taken</source>
            <translation>照片{photo}：没有拍摄时间</translation>
        </message>
        <message>
            <source>Photo {photo}: no direction it was taken in</source>
            <translation>照片{photo}：没有拍摄方向</translation>
        </message>
        <message>
            <source>Photo {photo}: no position it was taken at</source>
            <translation>照片{photo}：没有拍摄位置</translation>
        </message>
        <message>
            <source>Photo {photo}: taken on {taken}, before the after-image date {after} (HSX)</source>
            <translation>照片{photo}：拍摄于{taken}，早于后时相{after}</translation>
        </message>
        <message>
            <source>Photo {photo}: taken on {taken}, after today ({today}): the camera's clock is wrong</source>
            <translation>照片{photo}：拍摄于{taken}，晚于今天（{today}）：相机时间有误</translation>
        </message>
        <message>
            <source>Photo {photo}: taken {distance:.0f} m from the patch; at most {limit:.0f} m is allowed</source>
            <translation>照片{photo}：拍摄位置距图斑{distance:.0f}米，最远允许{limit:.0f}米</translation>
        </message>
        <message>
            <source>The patch has no after-image date (HSX): the photos' dates cannot be checked</source>
            <translation>图斑没有后时相：无法核对照片的拍摄日期</translation>
        </message>
        <message>
            <source>The patch has no outline: the photos' positions cannot be checked</source>
            <translation>图斑没有图形：无法核对照片的拍摄位置</translation>
        </message>
        <message>
            <source>{usable} of {photos} photos meet every requirement; the office requires {required}</source>
            <translation>{photos}张照片中有{usable}张符合全部要求，要求至少{required}张</translation>
        </message>
        <message>
            <source>No distant shot (远景) among the usable photos</source>
            <translation>符合要求的照片中没有远景照片</translation>
        </message>
        <message>
            <source>No close shot (近景) among the usable photos</source>
            <translation>符合要求的照片中没有近景照片</translation>
        </message>
        <message>
            <source>Patch {patch_no} is case {case_ids} (same patch number)</source>
            <translation>图斑{patch_no}即案件{case_ids}（监测编号相同）</translation>
        </message>
        <message>
            <source>Patch {patch_no} overlaps case {case_id} by {share:.0%} of the smaller: linked to it</source>
            <translation>图斑{patch_no}与案件{case_id}重叠，占较小者面积的{share:.0%}：已关联到该案件</translation>
        </message>
        <message>
            <source>Case {case_id} carried patch number {old}; it now carries {patch_no} (the patch re-issued)</source>
            <translation>案件{case_id}原监测编号为{old}，现改为{patch_no}（图斑重新下发）</translation>
        </message>
        <message>
            <source>Patch {patch_no}: the upper level changed {fields}</source>
            <translation>图斑{patch_no}：上级修改了{fields}</translation>
        </message>
        <message>
            <source>Patch {patch_no} was redrawn by the upper level: the outline of case {case_id} was replaced</source>
            <translation>图斑{patch_no}经上级重新勾绘：已替换案件{case_id}的图形</translation>
        </message>
        <message>
            <source>Patch {patch_no} was redrawn by the upper level, but case {case_id} has an outline drawn here: it was kept</source>
            <translation>图斑{patch_no}经上级重新勾绘，但案件{case_id}的图形为本地勾绘：予以保留</translation>
        </message>
        <message>
            <source>Patch {patch_no} overlaps case {case_id} by {share:.0%}, but patch {other} of this file is linked to it: two patches cannot share one case; merge or split them</source>
            <translation>图斑{patch_no}与案件{case_id}重叠{share:.0%}，但本文件的图斑{other}已关联到该案件：两个图斑不能对应同一案件，请合并或拆分</translation>
        </message>
        <message>
            <source>Patch {patch_no} has no outline and no case carries its number: a new case needs an outline</source>
            <translation>图斑{patch_no}没有图形，台账中也没有该编号的案件：新建案件需要图形</translation>
        </message>
        <message>
            <source>Patch {patch_no} overlaps case {case_id} by {share:.0%} only: created as a new case; check it</source>
            <translation>图斑{patch_no}与案件{case_id}仅重叠{share:.0%}：已新建案件，请核对</translation>
        </message>
        <message>
            <source>Patches {patch_no} and {other} of this file overlap by {share:.0%} of the smaller</source>
            <translation>本文件的图斑{patch_no}与{other}重叠，占较小者面积的{share:.0%}</translation>
        </message>
        <message>
            <source>{outside} of {total} patches lie outside the ledger's zone {zone} (they lie in zones {zones}); their planar areas are computed in zone {zone}</source>
            <translation>{total}个图斑中有{outside}个位于台账所在的第{zone}带之外（位于第{zones}带）；其平面面积按第{zone}带计算</translation>
        </message>
        <message>
            <source>The mapping names {target}, which is not a field patches fill</source>
            <translation>字段对应中的{target}不是图斑导入可填写的字段</translation>
        </message>
        <message>
            <source>The mapping names the column {source} for {target}, but the file has no such column</source>
            <translation>字段对应为{target}指定了列{source}，但文件中没有该列</translation>
        </message>
        <message>
            <source>The mapping {text} is not of the form ledger_field=source_field;…</source>
            <translation>字段对应“{text}”的格式不是“台账字段=源字段;…”</translation>
        </message>
        <message>
            <source>No column holds the patch number (JCBH 监测编号 or TBBH 图斑编号): map one to patch_no</source>
            <translation>没有图斑编号列（JCBH监测编号或TBBH图斑编号）：请将其中一列对应到patch_no</translation>
        </message>
        <message>
            <source>No column holds the patch area (TBMJ 图斑面积): the upper level's area will be empty</source>
            <translation>没有图斑面积列（TBMJ图斑面积）：上级图斑面积将为空</translation>
        </message>
        <message>
            <source>{count} patches lie outside the township's villages and were not imported (rows {rows})</source>
            <translation>{count}个图斑不在本乡镇各村范围内，未导入（第{rows}行）</translation>
        </message>
        <message>
            <source>Patch {patch_no} lies outside the township's villages: not imported</source>
            <translation>图斑{patch_no}不在本乡镇各村范围内，未导入</translation>
        </message>
        <message>
            <source>Patch number {patch_no} appears again in row {row} (first in row {first}): a patch number must be unique</source>
            <translation>图斑编号{patch_no}在第{row}行再次出现（首次在第{first}行）：图斑编号必须唯一</translation>
        </message>
        <message>
            <source>{new} new cases, {linked} patches linked to existing cases, {changed} cases updated by the upper level, {unchanged} unchanged, {refused} refused, {elsewhere} outside the township</source>
            <translation>新建案件{new}宗，关联已有案件{linked}个图斑，上级信息更新{changed}宗，无变化{unchanged}宗，拒绝{refused}个，不在本乡镇{elsewhere}个</translation>
        </message>
        <message>
            <source>Row {row}: no patch number ({columns})</source>
            <translation>第{row}行：没有图斑编号（{columns}）</translation>
        </message>
        <message>
            <source>Row {row}, {column}: {value} is not a date</source>
            <translation>第{row}行，{column}：“{value}”不是日期</translation>
        </message>
        <message>
            <source>Row {row}, {column}: {value} has no day; read as the first of the month</source>
            <translation>第{row}行，{column}：“{value}”没有日，按当月1日读取</translation>
        </message>
        <message>
            <source>Row {row}, {column}: {value} is not an area</source>
            <translation>第{row}行，{column}：“{value}”不是面积</translation>
        </message>
        <message>
            <source>Row {row}, {column}: the area {value} is negative</source>
            <translation>第{row}行，{column}：面积{value}为负数</translation>
        </message>
        <message>
            <source>Row {row}, {column}: {value} is not a number</source>
            <translation>第{row}行，{column}：“{value}”不是数字</translation>
        </message>
        <message>
            <source>Row {row}, {column}: {value} is neither yes (是) nor no (否)</source>
            <translation>第{row}行，{column}：“{value}”既不是“是”也不是“否”</translation>
        </message>
        <message>
            <source>Row {row}, {column}: patch type {value} is not one the ledger knows; stored as OTHER (其他)</source>
            <translation>第{row}行，{column}：图斑类型“{value}”不在台账的类型中，记为“其他”</translation>
        </message>
        <message>
            <source>Row {row}: the after-image date {after} (HSX) is before the before-image date {before} (QSX)</source>
            <translation>第{row}行：后时相{after}早于前时相{before}</translation>
        </message>
        <message>
            <source>Patch number {patch_no} appears in rows {rows} with different values: a patch number must be unique</source>
            <translation>图斑编号{patch_no}在第{rows}行重复出现且内容不同：图斑编号必须唯一</translation>
        </message>
        <message>
            <source>Rows {rows} carry patch number {patch_no} with the same values: read as the parts of one patch</source>
            <translation>第{rows}行的图斑编号均为{patch_no}且内容相同：作为同一图斑的各部分读取</translation>
        </message>
        <message>
            <source>Row {row} is a total row ({text}): skipped</source>
            <translation>第{row}行为合计行（{text}）：已跳过</translation>
        </message>
        <message>
            <source>Row {row}: the outline cannot be used: {reason}</source>
            <translation>第{row}行：图斑范围无法使用：{reason}</translation>
        </message>
        <message>
            <source>Row {row}: the outline cannot be transformed to the ledger's CRS (its coordinates do not fit the file's CRS)</source>
            <translation>第{row}行：图斑范围无法转换到台账坐标系（其坐标与文件的坐标系不符）</translation>
        </message>
        <message>
            <source>its outline is not WKT</source>
            <translation>其图斑范围不是 WKT 格式</translation>
        </message>
        <message>
            <source>Read sheet {sheet}: header on row {rows}, data from row {first}</source>
            <translation>读取工作表{sheet}：表头在第{rows}行，数据从第{first}行开始</translation>
        </message>
        <message>
            <source>Other sheets not read: {sheets}</source>
            <translation>未读取的其他工作表：{sheets}</translation>
        </message>
        <message>
            <source>No sheet has a header row naming the expected columns (such as {names})</source>
            <translation>没有工作表的表头包含所需的列（如{names}）</translation>
        </message>
        <message>
            <source>The file cannot be read as a table: {reason}</source>
            <translation>无法作为表格读取该文件：{reason}</translation>
        </message>
        <message>
            <source>No basemap (prints offline)</source>
            <translation>无底图（离线出图）</translation>
        </message>
        <message>
            <source>Tianditu imagery with place names</source>
            <translation>天地图影像（含注记）</translation>
        </message>
        <message>
            <source>Tianditu map with place names</source>
            <translation>天地图矢量（含注记）</translation>
        </message>
        <message>
            <source>Basemap: Tianditu (www.tianditu.gov.cn)</source>
            <translation>底图：天地图（www.tianditu.gov.cn）</translation>
        </message>
        <message>
            <source>Tianditu place names</source>
            <translation>天地图注记</translation>
        </message>
        <message>
            <source>Tianditu imagery</source>
            <translation>天地图影像</translation>
        </message>
        <message>
            <source>Tianditu map</source>
            <translation>天地图矢量</translation>
        </message>
        <message>
            <source>The Tianditu token is empty</source>
            <translation>天地图 Key 为空</translation>
        </message>
        <message>
            <source>The Tianditu token could not be stored in the QGIS authentication database (was the master password entered?)</source>
            <translation>无法将天地图 Key 保存到 QGIS 认证数据库（是否已输入主密码？）</translation>
        </message>
        <message>
            <source>No Tianditu token is set: enter it in the Tianditu token dialog first</source>
            <translation>尚未设置天地图 Key：请先在“天地图 Key”对话框中输入</translation>
        </message>
        <message>
            <source>Unknown basemap {kind}</source>
            <translation>未知底图 {kind}</translation>
        </message>
        <message>
            <source>The Tianditu token could not be read from the authentication configuration {authcfg}: it does not exist, holds no token, or the master password was not entered</source>
            <translation>无法从认证配置 {authcfg} 读取天地图 Key：该配置不存在、未保存 Key，或未输入主密码</translation>
        </message>
        <message>
            <source>The QGIS authentication system is disabled: {reason}</source>
            <translation>QGIS 认证系统已禁用：{reason}</translation>
        </message>
        <message>
            <source>The basemap layer {name} could not be created</source>
            <translation>无法创建底图图层 {name}</translation>
        </message>
        <message>
            <source>JSMJ: planar area of the points in {crs} (Gauss-Krüger coordinates as the file gives them), m², rounded half-up to 0.01; TBMJ: 地块面积 of the file converted to m²</source>
            <translation>JSMJ：按文件所给高斯-克吕格坐标在 {crs} 中计算的平面面积，平方米，四舍五入至0.01；TBMJ：文件中的地块面积，换算为平方米</translation>
        </message>
        <message>
            <source>Patch number for the ledger (the file's name and the parcel number)</source>
            <translation>入台账的图斑编号（文件名加地块编号）</translation>
        </message>
        <message>
            <source>Parcel number (地块编号)</source>
            <translation>地块编号</translation>
        </message>
        <message>
            <source>Parcel name (地块名称)</source>
            <translation>地块名称</translation>
        </message>
        <message>
            <source>Area of the file header, m² (地块面积)</source>
            <translation>地块面积（文件所载，平方米）</translation>
        </message>
        <message>
            <source>Planar area of the points, m²</source>
            <translation>界址点计算面积（平方米）</translation>
        </message>
        <message>
            <source>How the areas were computed</source>
            <translation>面积计算方法</translation>
        </message>
        <message>
            <source>Use (地块用途)</source>
            <translation>地块用途</translation>
        </message>
        <message>
            <source>Land class code (地类编码)</source>
            <translation>地类编码</translation>
        </message>
        <message>
            <source>Map sheet (图幅号)</source>
            <translation>图幅号</translation>
        </message>
        <message>
            <source>Line or row of the file</source>
            <translation>文件行号</translation>
        </message>
        <message>
            <source>X/Y order: X is the northing and Y the easting, as the format says</source>
            <translation>X/Y 顺序：X 为纵坐标（北）、Y 为横坐标（东），与格式规定一致</translation>
        </message>
        <message>
            <source>Zone number in the eastings: {zone}, kept (the CRS {crs} includes it)</source>
            <translation>横坐标带号：{zone}，已保留（坐标系 {crs} 含带号）</translation>
        </message>
        <message>
            <source>Zone number in the eastings: {zone} on some points only, removed (CRS {crs})</source>
            <translation>横坐标带号：仅部分点带有 {zone}，已去除（坐标系 {crs}）</translation>
        </message>
        <message>
            <source>Zone number in the eastings: none (CRS {crs})</source>
            <translation>横坐标带号：无（坐标系 {crs}）</translation>
        </message>
        <message>
            <source>X/Y order: X held the easting on {swapped} lines; they were swapped back</source>
            <translation>X/Y 顺序：有 {swapped} 行的 X 为横坐标，已对调回来</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>案件位置</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>No photos</source>
            <translation>无照片</translation>
        </message>
        <message>
            <source>Case details</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>History</source>
            <translation>处置记录</translation>
        </message>
        <message>
            <source>No changes recorded</source>
            <translation>无处置记录</translation>
        </message>
        <message>
            <source>Documents: {names}</source>
            <translation>其他材料：{names}</translation>
        </message>
        <message>
            <source>Area method: {method}</source>
            <translation>面积计算方法：{method}</translation>
        </message>
        <message>
            <source>footprint_m2 as recorded in the ledger (not computed by the check)</source>
            <translation>台账中记录的占地面积（未经核查计算）</translation>
        </message>
        <message>
            <source>… and {count} earlier entries</source>
            <translation>……及更早的 {count} 条记录</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>By</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Old value → new value</source>
            <translation>原值 → 新值</translation>
        </message>
        <message>
            <source>Producer: {producer}</source>
            <translation>制图单位：{producer}</translation>
        </message>
        <message>
            <source>Printed on {date}</source>
            <translation>打印日期：{date}</translation>
        </message>
        <message>
            <source>metres</source>
            <translation>米</translation>
        </message>
        <message>
            <source>Cannot write the case card {path}: {error}</source>
            <translation>无法写出案件卡片 {path}：{error}</translation>
        </message>
        <message>
            <source>Case card</source>
            <translation>案件卡片</translation>
        </message>
        <message>
            <source>No Chinese font is installed: Chinese text may print as boxes</source>
            <translation>未安装中文字体：中文可能显示为方框</translation>
        </message>
        <message>
            <source>the file cannot be written</source>
            <translation>无法写入文件</translation>
        </message>
        <message>
            <source>not enough memory</source>
            <translation>内存不足</translation>
        </message>
        <message>
            <source>canceled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Case {case_id} in layer {layer} has no geometry</source>
            <translation>图层 {layer} 中的案件 {case_id} 没有图形</translation>
        </message>
        <message>
            <source>file not found</source>
            <translation>文件不存在</translation>
        </message>
        <message>
            <source>cannot be converted</source>
            <translation>无法转换</translation>
        </message>
        <message>
            <source>No case {case_id} in layer {layer}</source>
            <translation>图层 {layer} 中没有案件编号为 {case_id} 的案件</translation>
        </message>
        <message>
            <source>Layer {layer} lacks the field(s) {fields}</source>
            <translation>图层 {layer} 缺少字段 {fields}</translation>
        </message>
        <message>
            <source>{layer} is not the violations table of a ledger</source>
            <translation>{layer} 不是台账的违法图斑表</translation>
        </message>
        <message>
            <source>{field} is not a field of the ledger's violations table ({path}): nothing was changed</source>
            <translation>{field} 不是台账违法图斑表的字段（{path}）：未作任何修改</translation>
        </message>
        <message>
            <source>{field} is kept by the ledger itself (who changed a case, when, how often) and cannot be given</source>
            <translation>{field} 由台账自动记录（修改人、修改时间、修改次数），不能直接填写</translation>
        </message>
        <message>
            <source>No case {cases} in the ledger {path}: nothing was changed</source>
            <translation>台账 {path} 中没有案件 {cases}：未作任何修改</translation>
        </message>
        <message>
            <source>Case {case}: {value} is not a valid {kind} for the field {field}. Nothing was changed</source>
            <translation>案件 {case}：{value} 不是字段 {field} 的有效{kind}。未作任何修改</translation>
        </message>
        <message>
            <source>Case {case}: the field {field} holds at most {length} characters ({count} given). Nothing was changed</source>
            <translation>案件 {case}：字段 {field} 最多 {length} 个字符（填写了 {count} 个）。未作任何修改</translation>
        </message>
        <message>
            <source>Case {case} was refused by the ledger {path}: {error}. Nothing was changed</source>
            <translation>案件 {case} 的修改被台账 {path} 拒绝：{error}。未作任何修改</translation>
        </message>
        <message>
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>whole number</source>
            <translation>整数</translation>
        </message>
        <message>
            <source>number</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>date (YYYY-MM-DD)</source>
            <translation>日期（YYYY-MM-DD）</translation>
        </message>
        <message>
            <source>date and time</source>
            <translation>日期时间</translation>
        </message>
        <message>
            <source>yes/no value</source>
            <translation>是/否值</translation>
        </message>
        <message>
            <source>The line does not split case {case}</source>
            <translation>分割线没有把案件 {case} 分开</translation>
        </message>
        <message>
            <source>Cannot add the split part of case {case}</source>
            <translation>无法添加案件 {case} 分割出的部分</translation>
        </message>
        <message>
            <source>Split from case {case}</source>
            <translation>由案件{case}分出</translation>
        </message>
        <message>
            <source>{path} is not a field copy (lianwei:checkout writes them): nothing was checked in</source>
            <translation>{path} 不是外业副本（由“导出外业副本”生成）：未导入任何内容</translation>
        </message>
        <message>
            <source>{path} was checked out from {source}, not from {ledger}: check it in to the ledger it came from. Nothing was checked in</source>
            <translation>{path} 导出自 {source}，而不是 {ledger}：请导入到它导出时的台账。未导入任何内容</translation>
        </message>
        <message>
            <source>Case {case} was refused by the ledger {ledger}: {error}. Nothing was checked in</source>
            <translation>台账 {ledger} 拒绝了案件 {case}：{error}。未导入任何内容</translation>
        </message>
        <message>
            <source>Evidence {file} of case {case} was refused by the ledger {ledger}: {error}. Nothing was checked in</source>
            <translation>台账 {ledger} 拒绝了案件 {case} 的取证材料 {file}：{error}。未导入任何内容</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>shape of {area} m²</source>
            <translation>图形，面积 {area} m²</translation>
        </message>
        <message>
            <source>Planar area in {zone} (EPSG:{epsg}); ellipsoidal area on the CGCS2000 ellipsoid by the Third National Land Survey formula; m², rounded half-up to 0.01</source>
            <translation>平面面积：{zone}（EPSG:{epsg}）平面坐标计算；椭球面积：按三调椭球面积公式在CGCS2000椭球上计算；单位平方米，四舍五入保留两位小数</translation>
        </message>
        <message>
            <source>Layer {layer} has no features with a geometry</source>
            <translation>图层 {layer} 没有带几何图形的要素</translation>
        </message>
        <message>
            <source>Layer {layer} has no coordinate reference system</source>
            <translation>图层 {layer} 没有坐标参考系</translation>
        </message>
        <message>
            <source>Layer {layer}: the coordinates do not fit its CRS, nothing was read: {reason}</source>
            <translation>图层 {layer}：坐标与其坐标参照系不符，未读取任何数据：{reason}</translation>
        </message>
        <message>
            <source>Layer {layer}: {note}</source>
            <translation>图层 {layer}：{note}</translation>
        </message>
        <message>
            <source>Layer {layer}: its coordinates do not fit its CRS ({reason}); here the layer is used as the map shows it, so correct its CRS or its data first</source>
            <translation>图层 {layer}：坐标与其坐标参照系不符（{reason}）；此处按地图显示的位置使用该图层，请先改正其坐标参照系或数据</translation>
        </message>
        <message>
            <source>No coordinate reference system; the coordinates are degrees: CGCS2000 (EPSG:4490) is assumed</source>
            <translation>没有坐标参照系；坐标为经纬度，按 2000 国家大地坐标系（EPSG:4490）读取</translation>
        </message>
        <message>
            <source>No coordinate reference system; the eastings carry the zone number {zone}: CGCS2000 3-degree zone {zone} with zone prefix (EPSG:{epsg}) is assumed</source>
            <translation>没有坐标参照系；横坐标带有带号 {zone}，按 2000 国家大地坐标系 3 度带第 {zone} 带（加带号，EPSG:{epsg}）读取</translation>
        </message>
        <message>
            <source>The eastings carry the zone number {zone} but the CRS has no zone prefix: EPSG:{epsg} is used instead</source>
            <translation>横坐标带有带号 {zone}，但坐标参照系不加带号：改用 EPSG:{epsg}</translation>
        </message>
        <message>
            <source>The CRS has the zone prefix {zone} but the eastings do not: read as EPSG:{epsg}</source>
            <translation>坐标参照系加带号 {zone}，但横坐标不带带号：按 EPSG:{epsg} 读取</translation>
        </message>
        <message>
            <source>X and Y are swapped (X holds the northings): X/Y swapped and read as {crs}</source>
            <translation>X 与 Y 颠倒（X 列为北坐标）：已交换 X/Y，按 {crs} 读取</translation>
        </message>
        <message>
            <source>X holds the latitudes and Y the longitudes: X/Y swapped and read as {crs}</source>
            <translation>X 为纬度、Y 为经度：已交换 X/Y，按 {crs} 读取</translation>
        </message>
        <message>
            <source>The CRS is projected but the coordinates are longitudes and latitudes in China: read as EPSG:4490</source>
            <translation>坐标参照系为投影坐标，但坐标值是我国境内的经纬度：按 EPSG:4490 读取</translation>
        </message>
        <message>
            <source>The CRS is geographic but the coordinates are metres with the zone number {zone}: read as EPSG:{epsg}</source>
            <translation>坐标参照系为地理坐标，但坐标值是带带号 {zone} 的米制坐标：按 EPSG:{epsg} 读取</translation>
        </message>
        <message>
            <source>No coordinate reference system</source>
            <translation>没有坐标参照系</translation>
        </message>
        <message>
            <source>The CRS is geographic but the coordinates are not degrees: the CRS is wrong</source>
            <translation>坐标参照系为地理坐标，但坐标值不是经纬度：坐标参照系有误</translation>
        </message>
        <message>
            <source>The CRS is projected but the coordinates look like degrees: the CRS is wrong</source>
            <translation>坐标参照系为投影坐标，但坐标值像经纬度：坐标参照系有误</translation>
        </message>
        <message>
            <source>The eastings begin with {prefix} million, which is no Gauss-Krüger zone of China (3-degree zones 25–45, 6-degree zones 13–23): check which column is X and set the layer's CRS to the one the data were made in</source>
            <translation>横坐标的百万位为 {prefix}，不是我国的高斯-克吕格投影带号（3 度带 25–45，6 度带 13–23）：请核对哪一列是 X，并把图层的坐标参照系设为数据实际采用的坐标系</translation>
        </message>
        <message>
            <source>The eastings carry the zone number {zone} but the CRS is for central meridian {meridian}°E: set the layer's CRS to EPSG:{epsg}</source>
            <translation>横坐标带有带号 {zone}，但坐标参照系的中央经线为东经 {meridian}°：请把图层的坐标参照系设为 EPSG:{epsg}</translation>
        </message>
        <message>
            <source>The eastings and the {datum} CRS disagree on the zone number ({zone}): set the layer's CRS to the {datum} CRS of the zone as the data carry it</source>
            <translation>横坐标与 {datum} 坐标参照系的带号不一致（{zone}）：请把图层的坐标参照系设为与数据带号一致的 {datum} 坐标系</translation>
        </message>
        <message>
            <source>The eastings run from {first} to {last}: the layer mixes zones, or features with X and Y swapped; correct the data</source>
            <translation>横坐标从 {first} 到 {last}：图层混有不同投影带的数据，或有部分要素 X、Y 颠倒；请先修正数据</translation>
        </message>
        <message>
            <source>The coordinates (X {x}, Y {y}) lie in no Gauss-Krüger zone of China and are not degrees in China: check the data and set the layer's CRS to the one they were made in</source>
            <translation>坐标（X {x}，Y {y}）不在我国任何高斯-克吕格投影带内，也不是我国境内的经纬度：请检查数据，并把图层的坐标参照系设为数据实际采用的坐标系</translation>
        </message>
        <message>
            <source>The coordinates (X {x}, Y {y}) do not lie in China in {crs}: set the layer's CRS to the one the data were made in</source>
            <translation>按 {crs} 读取时坐标（X {x}，Y {y}）不在我国境内：请把图层的坐标参照系设为数据实际采用的坐标系</translation>
        </message>
        <message>
            <source>The coordinates do not lie in China in {crs}, but they are eastings with the zone number {zone}: set the layer's CRS to EPSG:{epsg}</source>
            <translation>按 {crs} 读取时坐标不在我国境内，但横坐标带有带号 {zone}：请把图层的坐标参照系设为 EPSG:{epsg}</translation>
        </message>
        <message>
            <source>X and Y look swapped (X holds northings) and the eastings carry no zone number, so the zone is unknown: set the layer's CRS to its CGCS2000 Gauss-Krüger zone</source>
            <translation>X 与 Y 似乎颠倒（X 列为北坐标），而横坐标不带带号，无法确定投影带：请把图层的坐标参照系设为数据所在的 2000 国家大地坐标系高斯-克吕格投影带</translation>
        </message>
        <message>
            <source>The coordinates fit both as they are and with X and Y swapped: check which column is X and set the layer's CRS to the one the data were made in</source>
            <translation>坐标按原样读取和交换 X/Y 后读取都说得通：请核对哪一列是 X，并把图层的坐标参照系设为数据实际采用的坐标系</translation>
        </message>
        <message>
            <source>The data lie {distance} km from the ledger's villages: set the layer's CRS to the one the data were made in</source>
            <translation>数据距台账村界 {distance} 公里：请把图层的坐标参照系设为数据实际采用的坐标系</translation>
        </message>
        <message>
            <source>The data lie {distance} km from the ledger's villages in {crs}; in EPSG:{epsg} they lie in the township: set the layer's CRS to EPSG:{epsg}</source>
            <translation>按 {crs} 读取时数据距台账村界 {distance} 公里；按 EPSG:{epsg} 读取则位于本乡镇：请把图层的坐标参照系设为 EPSG:{epsg}</translation>
        </message>
        <message>
            <source>Canceled: nothing was written</source>
            <translation>已取消：未写入任何内容</translation>
        </message>
        <message>
            <source>Unexpected error in {algorithm}: {error}. The ledger was not changed; please report it with the log</source>
            <translation>{algorithm} 出现意外错误：{error}。台账未被改动；请连同日志一起报告此问题</translation>
        </message>
        <message>
            <source>Unexpected error in {action}: {error}. Please report it with the message log (View → Panels → Log Messages, tab Lianwei)</source>
            <translation>{action} 出现意外错误：{error}。请连同消息日志一起报告此问题（视图 → 面板 → 日志消息，Lianwei 标签页）</translation>
        </message>
        <message>
            <source>No file was chosen for case {case_id}</source>
            <translation>没有为案件 {case_id} 选择文件</translation>
        </message>
        <message>
            <source>Case {case_id} is not in the violations table of {path}</source>
            <translation>案件 {case_id} 不在台账 {path} 的违法图斑表中</translation>
        </message>
        <message>
            <source>The file {path} does not exist</source>
            <translation>文件 {path} 不存在</translation>
        </message>
        <message>
            <source>{path}: only photos, videos and documents (PDF, Word, Excel, OFD etc.) can be attached</source>
            <translation>{path}：只能附加照片、视频和文档（PDF、Word、Excel、OFD 等）</translation>
        </message>
        <message>
            <source>Cannot open the ledger {path}: {error}</source>
            <translation>无法打开台账 {path}：{error}</translation>
        </message>
        <message>
            <source>Writing to {name} failed: {errors}</source>
            <translation>写入 {name} 失败：{errors}</translation>
        </message>
        <message>
            <source>Give the codes of the villages to check out (separated by commas or spaces)</source>
            <translation>请填写要导出的村代码（用逗号或空格分隔）</translation>
        </message>
        <message>
            <source>No village {codes} in the ledger {ledger}: check the village codes</source>
            <translation>台账 {ledger} 中没有村 {codes}：请检查村代码</translation>
        </message>
        <message>
            <source>{path} already exists; a field copy never overwrites a file. Choose a new file name</source>
            <translation>{path} 已存在；外业副本从不覆盖已有文件。请换一个文件名</translation>
        </message>
        <message>
            <source>A field copy is taken from a shared ledger in a database: give DATABASE and SCHEMA</source>
            <translation>外业副本从数据库中的共享台账导出：请填写数据库（DATABASE）和模式（SCHEMA）</translation>
        </message>
        <message>
            <source>The evidence written into the field copy does not match the ledger's</source>
            <translation>写入外业副本的取证材料与台账不一致</translation>
        </message>
        <message>
            <source>An area cannot be negative</source>
            <translation>面积不能为负数</translation>
        </message>
        <message>
            <source>shape</source>
            <translation>图形</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案件信息</translation>
        </message>
        <message>
            <source>Areas and permits</source>
            <translation>面积与许可</translation>
        </message>
        <message>
            <source>Disposal</source>
            <translation>处置</translation>
        </message>
        <message>
            <source>Satellite patch</source>
            <translation>卫片图斑</translation>
        </message>
        <message>
            <source>Field verification</source>
            <translation>实地核查</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Choose a value from the list</source>
            <translation>请从下拉列表中选择</translation>
        </message>
        <message>
            <source>A result of legal (合法) or other (其他) needs the reason (核查理由)</source>
            <translation>核查结果为合法或其他时须填写核查理由</translation>
        </message>
        <message>
            <source>Root path</source>
            <translation>根目录</translation>
        </message>
        <message>
            <source>The coordinate reference system is not valid</source>
            <translation>坐标参考系无效</translation>
        </message>
        <message>
            <source>Lianwei ledger style</source>
            <translation>两违整治台账样式</translation>
        </message>
        <message>
            <source>A ledger is a GeoPackage: the file name must end in .gpkg ({path})</source>
            <translation>台账为 GeoPackage 文件，文件名须以 .gpkg 结尾（{path}）</translation>
        </message>
        <message>
            <source>{path} already exists; a ledger is never overwritten. Choose a new file name.</source>
            <translation>{path} 已存在；为防止数据丢失，台账不会被覆盖。请另取文件名。</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist</source>
            <translation>文件夹 {folder} 不存在</translation>
        </message>
        <message>
            <source>Cannot open the ledger table {name} in {path}</source>
            <translation>无法打开台账 {path} 中的数据表 {name}</translation>
        </message>
        <message>
            <source>Layer {layer} has no features: nothing was imported and the ledger table {table} was not changed</source>
            <translation>图层 {layer} 没有要素：未导入任何内容，台账表 {table} 未作修改</translation>
        </message>
        <message>
            <source>Layer {layer} has no feature that can be used ({count} read): nothing was imported and the ledger table {table} was not changed. {problems}</source>
            <translation>图层 {layer} 没有可用的要素（读取 {count} 个）：未导入任何内容，台账表 {table} 未作修改。{problems}</translation>
        </message>
        <message>
            <source>Layer {layer}: {count} of {total} features cannot be stored, so nothing was imported (the ledger is unchanged). Correct them in the source, or tick “leave out features that cannot be used”: {problems}</source>
            <translation>图层 {layer}：{total} 个要素中有 {count} 个无法写入，因此未导入任何内容（台账未改变）。请在源数据中改正，或勾选“略过无法使用的要素”：{problems}</translation>
        </message>
        <message>
            <source>feature {row}: {reason}</source>
            <translation>要素 {row}：{reason}</translation>
        </message>
        <message>
            <source>… and {more} more</source>
            <translation>……另有 {more} 个</translation>
        </message>
        <message>
            <source>Feature {row}: the ledger refused it: {error}</source>
            <translation>要素 {row}：台账拒绝写入：{error}</translation>
        </message>
        <message>
            <source>The ledger {path} does not exist</source>
            <translation>台账 {path} 不存在</translation>
        </message>
        <message>
            <source>{path} is not a GeoPackage (it is not an SQLite database): choose the ledger's .gpkg file</source>
            <translation>{path} 不是 GeoPackage（不是 SQLite 数据库）：请选择台账的 .gpkg 文件</translation>
        </message>
        <message>
            <source>{path} is an SQLite database but not a GeoPackage: choose the ledger's .gpkg file</source>
            <translation>{path} 是 SQLite 数据库，但不是 GeoPackage：请选择台账的 .gpkg 文件</translation>
        </message>
        <message>
            <source>{path} is truncated ({size} of {expected} bytes): the copy is incomplete. Copy the ledger again, with its -wal file if there is one</source>
            <translation>{path} 文件不完整（只有 {expected} 字节中的 {size} 字节）：复制没有完成。请重新复制台账，如有同名 -wal 文件一并复制</translation>
        </message>
        <message>
            <source>{path} cannot be read: {error}</source>
            <translation>无法读取 {path}：{error}</translation>
        </message>
        <message>
            <source>{path} is not a Lianwei ledger: it has no table {table}</source>
            <translation>{path} 不是两违整治台账：缺少表 {table}</translation>
        </message>
        <message>
            <source>{path} is not a Lianwei ledger: its table {table} has no field {field}</source>
            <translation>{path} 不是两违整治台账：表 {table} 缺少字段 {field}</translation>
        </message>
        <message>
            <source>{path} is a ledger of schema version {version}, made by a newer Lianwei (this one knows version {known}): update the plugin</source>
            <translation>{path} 是较新版本插件建立的台账（结构版本 {version}，本插件只认识版本 {known}）：请升级插件</translation>
        </message>
        <message>
            <source>{path} has an unreadable schema version {version!r} in its campaign table</source>
            <translation>{path} 的整治任务表中结构版本 {version!r} 无法识别</translation>
        </message>
        <message>
            <source>The ledger {path} is read-only: make the file and its folder writable, or copy it somewhere writable</source>
            <translation>台账 {path} 是只读的：请让文件及其所在文件夹可写，或复制到可写的位置</translation>
        </message>
        <message>
            <source>The ledger {path} is in use by another program (still locked after {seconds:.0f} s): close the other program or finish its edits, then try again. Nothing was changed</source>
            <translation>台账 {path} 正被其他程序使用（等待 {seconds:.0f} 秒后仍被锁定）：请关闭该程序或完成其编辑后重试。台账未作任何修改</translation>
        </message>
        <message>
            <source>The ledger {path} refused the change: {error}. Nothing was changed</source>
            <translation>台账 {path} 拒绝了这次修改：{error}。台账未作任何修改</translation>
        </message>
        <message>
            <source>The ledger {path} could not be brought to schema version {version}: {error}. It is unchanged</source>
            <translation>台账 {path} 无法升级到结构版本 {version}：{error}。台账未改变</translation>
        </message>
        <message>
            <source>Cannot read the campaign settings of {path}: {error}</source>
            <translation>无法读取 {path} 的整治任务设置：{error}</translation>
        </message>
        <message>
            <source>Give the ledger: a GeoPackage file, or a database and a schema</source>
            <translation>请指定台账：GeoPackage 文件，或数据库及模式</translation>
        </message>
        <message>
            <source>Shared ledger: you ({role}) may edit the cases of {villages}; the other villages are read-only</source>
            <translation>共享台账：您（{role}）可以修改{villages}的案件，其他村的案件只读</translation>
        </message>
        <message>
            <source>Shared ledger: you ({role}) may edit the cases of every village</source>
            <translation>共享台账：您（{role}）可以修改所有村的案件</translation>
        </message>
        <message>
            <source>Shared ledger: you ({role}) may edit no village; every case is read-only</source>
            <translation>共享台账：您（{role}）没有可修改的村，所有案件只读</translation>
        </message>
        <message>
            <source>The CRS is on the {datum} datum: convert the data to CGCS2000 with the transformation parameters of your province before use; without them positions can be off by tens of metres</source>
            <translation>坐标系为 {datum}：使用前请用本省的转换参数转换到 2000 国家大地坐标系，否则位置可能偏差数十米</translation>
        </message>
        <message>
            <source>Text of {layer} read as {encoding}</source>
            <translation>{layer} 的文字按 {encoding} 读取</translation>
        </message>
        <message>
            <source>CRS: {crs}</source>
            <translation>坐标参照系：{crs}</translation>
        </message>
        <message>
            <source>The .cpg of {layer} says {cpg} but its text is not: read as {encoding}</source>
            <translation>{layer} 的 .cpg 标明 {cpg}，但文字并非该编码：按 {encoding} 读取</translation>
        </message>
        <message>
            <source>{file}: {count} of {total} patches cannot be imported, so nothing was imported (the ledger is unchanged): {problems}</source>
            <translation>{file}：{total}个图斑中有{count}个无法导入，因此未导入任何图斑（台账未改动）：{problems}</translation>
        </message>
        <message>
            <source>{file} cannot be imported (the ledger is unchanged): {problems}</source>
            <translation>{file}无法导入（台账未改动）：{problems}</translation>
        </message>
        <message>
            <source>{file} holds no patch: nothing was imported (the ledger is unchanged)</source>
            <translation>{file}中没有图斑：未导入任何内容（台账未改动）</translation>
        </message>
        <message>
            <source>The ledger {path} is not in a CGCS2000 3° Gauss-Krüger zone (EPSG:{epsg})</source>
            <translation>台账{path}的坐标系不是2000国家大地坐标系3度带高斯-克吕格投影（EPSG:{epsg}）</translation>
        </message>
        <message>
            <source>{file}: {note}</source>
            <translation>文件 {file}：{note}</translation>
        </message>
        <message>
            <source>Cannot reach the patch service {url} (page {page}): {error}. Check the network connection and QGIS's proxy settings (Settings → Options → Network)</source>
            <translation>无法连接图斑服务 {url}（第 {page} 页）：{error}。请检查网络连接和 QGIS 的代理设置（设置 → 选项 → 网络）</translation>
        </message>
        <message>
            <source>The patch service {url} did not answer page {page} within {seconds:g} s (asked {attempts} times)</source>
            <translation>图斑服务 {url} 在 {seconds:g} 秒内没有返回第 {page} 页（已请求 {attempts} 次）</translation>
        </message>
        <message>
            <source>The patch service {url} refused the credentials (HTTP {status}) on page {page}: the token has expired or is not allowed. Renew it in QGIS's authentication configuration {authcfg}</source>
            <translation>图斑服务 {url} 在第 {page} 页拒绝了认证信息（HTTP {status}）：令牌已过期或无权访问。请在 QGIS 认证配置 {authcfg} 中更新令牌</translation>
        </message>
        <message>
            <source>The patch service {url} answered page {page} with HTTP {status} {reason} (asked {attempts} times)</source>
            <translation>图斑服务 {url} 对第 {page} 页返回 HTTP {status} {reason}（已请求 {attempts} 次）</translation>
        </message>
        <message>
            <source>Page {page} of the patch service {url} is not valid JSON: {error}</source>
            <translation>图斑服务 {url} 的第 {page} 页不是有效的 JSON：{error}</translation>
        </message>
        <message>
            <source>Page {page} of the patch service {url} was cut off mid-way: {received} of {expected} bytes came</source>
            <translation>图斑服务 {url} 的第 {page} 页中途被截断：只收到 {expected} 字节中的 {received} 字节</translation>
        </message>
        <message>
            <source>Page {page} of the patch service {url} was cut off mid-way: {error}</source>
            <translation>图斑服务 {url} 的第 {page} 页中途被截断：{error}</translation>
        </message>
        <message>
            <source>Page {page} of the patch service {url} is not a GeoJSON FeatureCollection: {problem}</source>
            <translation>图斑服务 {url} 的第 {page} 页不是 GeoJSON 要素集合（FeatureCollection）：{problem}</translation>
        </message>
        <message>
            <source>Page {page} of the patch service {url} says numberReturned {returned} but holds {count} features: the page is incomplete</source>
            <translation>图斑服务 {url} 的第 {page} 页声明返回 {returned} 个要素（numberReturned），实际只有 {count} 个：该页不完整</translation>
        </message>
        <message>
            <source>The patch service {url} announced {matched} patches (numberMatched) but {fetched} came in {pages} pages</source>
            <translation>图斑服务 {url} 声明共有 {matched} 个图斑（numberMatched），但 {pages} 页中只收到 {fetched} 个</translation>
        </message>
        <message>
            <source>The patch service {url} links page {page} back to a page already read: its paging loops</source>
            <translation>图斑服务 {url} 的第 {page} 页链接回已读取过的页：分页陷入循环</translation>
        </message>
        <message>
            <source>The TLS certificate of the patch service {url} could not be verified: {error}. Certificates are always checked; ask the service's administrator, or add its certificate authority to the system</source>
            <translation>无法验证图斑服务 {url} 的 TLS 证书：{error}。证书始终会被校验；请联系服务管理员，或将其证书颁发机构添加到系统中</translation>
        </message>
        <message>
            <source>The download from the patch service {url} was canceled on page {page}</source>
            <translation>从图斑服务 {url} 下载时在第 {page} 页被取消</translation>
        </message>
        <message>
            <source>The patch service {url} sent more than {pages} pages: stopped</source>
            <translation>图斑服务 {url} 返回了超过 {pages} 页：已停止</translation>
        </message>
        <message>
            <source>The patch service {url} wants credentials (HTTP {status}) on page {page}: choose the authentication configuration that holds its token</source>
            <translation>图斑服务 {url} 在第 {page} 页要求认证（HTTP {status}）：请选择保存其令牌的认证配置</translation>
        </message>
        <message>
            <source>Asking {url}</source>
            <translation>正在请求 {url}</translation>
        </message>
        <message>
            <source>Only patches changed since {since} (last sync)</source>
            <translation>只下载 {since}（上次同步）以来变化的图斑</translation>
        </message>
        <message>
            <source>Only patches changed since {since} (given)</source>
            <translation>只下载 {since}（指定时间）以来变化的图斑</translation>
        </message>
        <message>
            <source>No earlier sync of this service: every patch is asked for</source>
            <translation>此服务尚未同步过：下载全部图斑</translation>
        </message>
        <message>
            <source>Page {page}: {count} patches ({total} so far)</source>
            <translation>第 {page} 页：{count} 个图斑（累计 {total} 个）</translation>
        </message>
        <message>
            <source>Page {page}: {count} patches ({total} of {matched} so far)</source>
            <translation>第 {page} 页：{count} 个图斑（累计 {total} / {matched} 个）</translation>
        </message>
        <message>
            <source>HTTP {status} on page {page}: asking again in {seconds:.1f} s (attempt {attempt} of {attempts})</source>
            <translation>第 {page} 页返回 HTTP {status}：{seconds:.1f} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
        </message>
        <message>
            <source>No answer on page {page} ({error}): asking again in {seconds:.1f} s (attempt {attempt} of {attempts})</source>
            <translation>第 {page} 页没有响应（{error}）：{seconds:.1f} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
        </message>
        <message>
            <source>The shared ledger {ledger} has no evidence folder: set one in the campaign settings (a network folder every office computer reaches), then attach the files again</source>
            <translation>共享台账 {ledger} 未设置取证材料文件夹：请在“整治任务设置”中设置一个各办公电脑都能访问的网络共享文件夹，然后重新附加文件</translation>
        </message>
        <message>
            <source>The evidence folder {folder} of the shared ledger {ledger} cannot be reached from this computer: connect the network folder, or set another one in the campaign settings</source>
            <translation>本机无法访问共享台账 {ledger} 的取证材料文件夹 {folder}：请连接该网络文件夹，或在“整治任务设置”中另设一个</translation>
        </message>
        <message>
            <source>Case {case_id} is not in the violations table of {ledger}</source>
            <translation>台账 {ledger} 的违法图斑表中没有案件 {case_id}</translation>
        </message>
        <message>
            <source>The schema {schema} already exists in {database}; a ledger is never overwritten. Choose a new schema</source>
            <translation>数据库 {database} 中已有模式 {schema}；台账不会被覆盖。请另选一个模式名</translation>
        </message>
        <message>
            <source>{ledger} is not a Lianwei ledger: it has no table {table}</source>
            <translation>{ledger} 不是两违整治台账：缺少表 {table}</translation>
        </message>
        <message>
            <source>{ledger} is a ledger of schema version {version}, made by a newer Lianwei (this one knows version {known}): update the plugin</source>
            <translation>{ledger} 是结构版本 {version} 的台账，由较新的两违插件创建（本插件只认识版本 {known}）：请更新插件</translation>
        </message>
        <message>
            <source>Cannot open the ledger table {name} in {ledger}: {error}</source>
            <translation>无法打开台账 {ledger} 中的表 {name}：{error}</translation>
        </message>
        <message>
            <source>{ledger}: the table {table} does not let you read it ({error})</source>
            <translation>{ledger}：表 {table} 不允许您读取（{error}）</translation>
        </message>
        <message>
            <source>A PostGIS ledger needs an EPSG coordinate reference system ({crs} has no EPSG code)</source>
            <translation>PostGIS 台账需要带 EPSG 编码的坐标参考系（{crs} 没有 EPSG 编码）</translation>
        </message>
        <message>
            <source>Cannot read the table {table} of {database}: {error}</source>
            <translation>无法读取数据库 {database} 的表 {table}：{error}</translation>
        </message>
        <message>
            <source>Give the database of the shared ledger: a saved QGIS connection's name, or service=NAME</source>
            <translation>请指定共享台账所在的数据库：QGIS 中已保存的连接名称，或 service=服务名</translation>
        </message>
        <message>
            <source>Give the login role to grant the villages to</source>
            <translation>请指定要授予村权限的登录角色</translation>
        </message>
        <message>
            <source>There is no role {role} in the database {database}: create the editor's login first (CREATE ROLE {role} LOGIN PASSWORD …) and run again. Nothing was changed</source>
            <translation>数据库 {database} 中没有角色 {role}：请先创建该编辑人员的登录角色（CREATE ROLE {role} LOGIN PASSWORD …）后再运行。未做任何改动</translation>
        </message>
        <message>
            <source>The role {role} cannot log in: village rights are checked for the login that saves, so give the editor's login role. Nothing was changed</source>
            <translation>角色 {role} 不能登录：村权限按保存时的登录用户检查，请指定编辑人员的登录角色。未做任何改动</translation>
        </message>
        <message>
            <source>Give the village codes {role} may edit, or tick Administrator (all villages)</source>
            <translation>请填写 {role} 可以编辑的村代码，或勾选“管理员”（全部村）</translation>
        </message>
        <message>
            <source>{ledger} has no village with the code {codes} (its villages: {known}). Nothing was changed: check the codes and run again</source>
            <translation>{ledger} 中没有村代码为 {codes} 的村（台账中的村：{known}）。未做任何改动：请核对村代码后再运行</translation>
        </message>
        <message>
            <source>Only the owner of the ledger {ledger} (or a superuser) may grant villages; {user} is neither. Connect as the office's ledger owner. Nothing was changed</source>
            <translation>只有台账 {ledger} 的所有者（或超级用户）才能分配村权限，{user} 两者都不是。请以办公室台账所有者的身份连接。未做任何改动</translation>
        </message>
        <message>
            <source>{role} owns the ledger {ledger} or is a superuser: it may change everything already, and its rights are not taken away. Grant villages to the editors' own login roles. Nothing was changed</source>
            <translation>{role} 是台账 {ledger} 的所有者或超级用户：它本来就可以修改全部内容，其权限不会被收回。请为各编辑人员自己的登录角色分配村。未做任何改动</translation>
        </message>
        <message>
            <source>No PostgreSQL connection named {database} is saved in QGIS: add it in the Browser panel (PostgreSQL, New Connection), or give service=NAME of a pg_service.conf entry</source>
            <translation>QGIS 中没有保存名为 {database} 的 PostgreSQL 连接：请在浏览器面板中添加（PostgreSQL，新建连接），或填写 pg_service.conf 中的 service=名称</translation>
        </message>
        <message>
            <source>{schema!r} is not a usable schema name: use letters, digits and _, starting with a letter</source>
            <translation>{schema!r} 不能用作模式名：请只用字母、数字和 _，并以字母开头</translation>
        </message>
        <message>
            <source>Cannot connect to the database {database}: {error}</source>
            <translation>无法连接数据库 {database}：{error}</translation>
        </message>
        <message>
            <source>The database {database} refused the change: {error}. Nothing was changed</source>
            <translation>数据库 {database} 拒绝了修改：{error}。未做任何更改</translation>
        </message>
        <message>
            <source>Report date</source>
            <translation>报告日期</translation>
        </message>
        <message>
            <source>Village code</source>
            <translation>村代码</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村</translation>
        </message>
        <message>
            <source>Cases found</source>
            <translation>立案宗数</translation>
        </message>
        <message>
            <source>Area found (m²)</source>
            <translation>立案面积(㎡)</translation>
        </message>
        <message>
            <source>Area found (mu)</source>
            <translation>立案面积(亩)</translation>
        </message>
        <message>
            <source>Cases demolished</source>
            <translation>拆除宗数</translation>
        </message>
        <message>
            <source>Demolished (m²)</source>
            <translation>拆除面积(㎡)</translation>
        </message>
        <message>
            <source>Demolished (mu)</source>
            <translation>拆除面积(亩)</translation>
        </message>
        <message>
            <source>Quota (m²)</source>
            <translation>拆除任务(㎡)</translation>
        </message>
        <message>
            <source>Quota set by hand</source>
            <translation>任务手工设定</translation>
        </message>
        <message>
            <source>Remaining (m²)</source>
            <translation>剩余任务(㎡)</translation>
        </message>
        <message>
            <source>% of target</source>
            <translation>占全镇目标%</translation>
        </message>
        <message>
            <source>% of quota</source>
            <translation>完成任务%</translation>
        </message>
        <message>
            <source>% expected by now</source>
            <translation>按进度应完成%</translation>
        </message>
        <message>
            <source>Next milestone</source>
            <translation>下一节点</translation>
        </message>
        <message>
            <source>Due at next milestone (m²)</source>
            <translation>下一节点应完成(㎡)</translation>
        </message>
        <message>
            <source>Progress status</source>
            <translation>进度状态</translation>
        </message>
        <message>
            <source>New cases</source>
            <translation>新增宗数</translation>
        </message>
        <message>
            <source>New area (m²)</source>
            <translation>新增面积(㎡)</translation>
        </message>
        <message>
            <source>Stock cases</source>
            <translation>存量宗数</translation>
        </message>
        <message>
            <source>Stock area (m²)</source>
            <translation>存量面积(㎡)</translation>
        </message>
        <message>
            <source>Overdue cases</source>
            <translation>逾期宗数</translation>
        </message>
        <message>
            <source>Pace, last 30 days (m²/day)</source>
            <translation>近30天进度(㎡/天)</translation>
        </message>
        <message>
            <source>Forecast date</source>
            <translation>预计完成日期</translation>
        </message>
        <message>
            <source>How areas were computed</source>
            <translation>面积计算方法</translation>
        </message>
        <message>
            <source>On track</source>
            <translation>进度正常</translation>
        </message>
        <message>
            <source>Behind</source>
            <translation>略有滞后</translation>
        </message>
        <message>
            <source>Far behind</source>
            <translation>严重滞后</translation>
        </message>
        <message>
            <source>Demolition progress</source>
            <translation>拆除进度</translation>
        </message>
        <message>
            <source>Demolished</source>
            <translation>已拆除面积</translation>
        </message>
        <message>
            <source>Milestones</source>
            <translation>时间节点要求</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>目标任务</translation>
        </message>
        <message>
            <source>Forecast (pace of last 30 days)</source>
            <translation>按近30天进度预测</translation>
        </message>
        <message>
            <source>Area (m²)</source>
            <translation>面积（㎡）</translation>
        </message>
        <message>
            <source>Month {month}</source>
            <translation>{month}月</translation>
        </message>
        <message>
            <source>all milestones passed</source>
            <translation>时间节点均已过</translation>
        </message>
        <message>
            <source>Progress by village</source>
            <translation>各村进度</translation>
        </message>
        <message>
            <source>Overdue case list</source>
            <translation>逾期案件清单</translation>
        </message>
        <message>
            <source>… and {count} more: see the ledger workbook</source>
            <translation>……另有{count}宗，详见台账工作簿</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>案件编号</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>应完成日期</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>逾期天数</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>逾期原因</translation>
        </message>
        <message>
            <source>New violation not restored in time</source>
            <translation>新增违法未在规定期限内恢复</translation>
        </message>
        <message>
            <source>Past its rectification deadline</source>
            <translation>超过整改期限</translation>
        </message>
        <message>
            <source>Cases {status}</source>
            <translation>{status}宗数</translation>
        </message>
        <message>
            <source>{town}: progress of the campaign against illegal land use and construction</source>
            <translation>{town}两违整治工作进度报告</translation>
        </message>
        <message>
            <source>As of {date}</source>
            <translation>截至{date}</translation>
        </message>
        <message>
            <source>How areas were computed: {method}. Demolished area counts demolitions on or before the report date; village rows add up to the township row.</source>
            <translation>面积计算方法：{method}。拆除面积只计报告日期及以前的拆除；各村之和等于全镇合计。</translation>
        </message>
        <message>
            <source>Prepared by {producer}</source>
            <translation>制表单位：{producer}</translation>
        </message>
        <message>
            <source>must be positive</source>
            <translation>必须大于零</translation>
        </message>
        <message>
            <source>must not be negative</source>
            <translation>不能为负数</translation>
        </message>
        <message>
            <source>not in the form MM-DD:share</source>
            <translation>格式应为“月-日:比例”</translation>
        </message>
        <message>
            <source>a share is not between 0 and 1</source>
            <translation>比例不在0与1之间</translation>
        </message>
        <message>
            <source>a later milestone asks for less than an earlier one</source>
            <translation>后一时间节点要求的比例低于前一节点</translation>
        </message>
        <message>
            <source>not a number</source>
            <translation>不是数字</translation>
        </message>
        <message>
            <source>not a date (YYYY-MM-DD)</source>
            <translation>不是日期（YYYY-MM-DD）</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <source>Quotas set by hand exceed the target</source>
            <translation>手工设定的各村任务之和超过目标面积</translation>
        </message>
        <message>
            <source>Campaign setting {key} in {layer} is not accepted ({value}): {reason}</source>
            <translation>{layer} 的整治任务设置 {key} 不被接受（{value}）：{reason}</translation>
        </message>
        <message>
            <source>Ledger tables</source>
            <translation>台账表</translation>
        </message>
        <message>
            <source>Land and building violations ledger</source>
            <translation>两违整治台账</translation>
        </message>
        <message>
            <source>Cannot write the project {path}: {error}</source>
            <translation>无法写入工程文件 {path}：{error}</translation>
        </message>
        <message>
            <source>{path} has no readable violations table: {error}</source>
            <translation>{path} 中没有可读取的违法图斑表：{error}</translation>
        </message>
        <message>
            <source>field {field} ({source}): {reason}: {value}</source>
            <translation>字段 {field}（{source}）：{reason}：{value}</translation>
        </message>
        <message>
            <source>its coordinates cannot be transformed to the ledger's coordinate system {crs}</source>
            <translation>其坐标无法转换到台账的坐标系 {crs}</translation>
        </message>
        <message>
            <source>a value is required</source>
            <translation>必须有值</translation>
        </message>
        <message>
            <source>not a date</source>
            <translation>不是日期</translation>
        </message>
        <message>
            <source>not one of the values of its list</source>
            <translation>不在代码表中</translation>
        </message>
        <message>
            <source>not a whole number</source>
            <translation>不是整数</translation>
        </message>
        <message>
            <source>not yes or no</source>
            <translation>不是“是”或“否”</translation>
        </message>
        <message>
            <source>{table} has no field {field}</source>
            <translation>{table} 没有字段 {field}</translation>
        </message>
        <message>
            <source>The source has no field {source}</source>
            <translation>源图层没有字段 {source}</translation>
        </message>
        <message>
            <source>{source} is mapped to both {first} and {second}</source>
            <translation>{source} 同时对应了 {first} 和 {second}</translation>
        </message>
        <message>
            <source>No source field for the required field {field} ({alias})</source>
            <translation>必填字段 {field}（{alias}）没有对应的源字段</translation>
        </message>
        <message>
            <source>it has no geometry</source>
            <translation>没有几何图形</translation>
        </message>
        <message>
            <source>its geometry is empty</source>
            <translation>几何图形为空</translation>
        </message>
        <message>
            <source>its geometry is a {kind}, not a polygon</source>
            <translation>几何图形是 {kind}，不是面</translation>
        </message>
        <message>
            <source>its geometry has coordinates that are not numbers (NaN or infinite)</source>
            <translation>几何图形中有不是数字的坐标（NaN 或无穷大）</translation>
        </message>
        <message>
            <source>its geometry is invalid and nothing of it is left once repaired</source>
            <translation>几何图形无效，修复后什么也不剩</translation>
        </message>
        <message>
            <source>its coordinates ({x:.0f}, {y:.0f}) do not fit the ledger's coordinate system {crs}: the layer's CRS is wrong or the coordinates are</source>
            <translation>其坐标（{x:.0f}, {y:.0f}）与台账的坐标系 {crs} 不符：图层的坐标系或坐标有误</translation>
        </message>
        <message>
            <source>{field} {key} appears more than once (rows {rows}); it must be unique</source>
            <translation>{field} {key} 出现了不止一次（要素 {rows}），必须唯一</translation>
        </message>
        <message>
            <source>{field} {key} is already in the ledger table; import with replace, or leave it out</source>
            <translation>{field} {key} 已在台账表中；请用“替换”导入，或去掉该要素</translation>
        </message>
        <message>
            <source>the same {field} {key} with the same geometry appears more than once (rows {rows})</source>
            <translation>同一 {field} {key}、同一几何图形出现了不止一次（要素 {rows}）</translation>
        </message>
        <message>
            <source>the same {field} {key} with the same geometry is already in the ledger table</source>
            <translation>同一 {field} {key}、同一几何图形已在台账表中</translation>
        </message>
        <message>
            <source>points</source>
            <translation>点</translation>
        </message>
        <message>
            <source>lines</source>
            <translation>线</translation>
        </message>
        <message>
            <source>The field mapping for {table} cannot be used: {details}</source>
            <translation>{table} 的字段对应无法使用：{details}</translation>
        </message>
        <message>
            <source>Not a field mapping (ledger_field=source_field;…): {part}</source>
            <translation>不是字段对应（台账字段=源字段;…）：{part}</translation>
        </message>
        <message>
            <source>{table} is not a reference table of the ledger</source>
            <translation>{table} 不是台账的基础数据表</translation>
        </message>
        <message>
            <source>Layer {layer} holds {kind}, not polygons: a ledger table of parcels, permits, villages or farmland needs polygons. Nothing was imported</source>
            <translation>图层 {layer} 是{kind}图层，不是面图层：宗地、许可、村界和永久基本农田表需要面。未导入任何内容</translation>
        </message>
        <message>
            <source>Layer {layer}, feature {feature}, field {field} ({source}): {reason}: {value}</source>
            <translation>图层 {layer}，要素 {feature}，字段 {field}（{source}）：{reason}：{value}</translation>
        </message>
        <message>
            <source>The authentication configuration {authcfg} does not exist or cannot be read (is QGIS's master password entered?): choose one under Settings → Options → Authentication</source>
            <translation>认证配置 {authcfg} 不存在或无法读取（是否已输入 QGIS 主密码？）：请在 设置 → 选项 → 认证 中选择</translation>
        </message>
        <message>
            <source>The authentication configuration {authcfg} uses the method {method}, which cannot be used for a patch service: use Basic, OAuth2, an API header or a token (ESRI token) configuration</source>
            <translation>认证配置 {authcfg} 使用的方式 {method} 不能用于图斑服务：请使用 Basic、OAuth2、API 请求头或令牌（ESRI token）配置</translation>
        </message>
        <message>
            <source>QGIS could not apply the authentication configuration {authcfg} to {url}</source>
            <translation>QGIS 无法将认证配置 {authcfg} 应用于 {url}</translation>
        </message>
        <message>
            <source>{layer}: fields were added or removed in the edit buffer; save or discard them before reloading cases</source>
            <translation>{layer}：编辑中增删了字段；请先保存或放弃这些字段修改，再重新读取案件</translation>
        </message>
        <message>
            <source>Shape</source>
            <translation>图形</translation>
        </message>
        <message>
            <source>{area:.2f} m²</source>
            <translation>{area:.2f} 平方米</translation>
        </message>
        <message>
            <source>{field} is not a field of the ledger's violations table ({ledger}): nothing was changed</source>
            <translation>{field} 不是台账（{ledger}）违法图斑表的字段：未做任何修改</translation>
        </message>
        <message>
            <source>No case {case} in the ledger {ledger}: nothing was changed</source>
            <translation>台账 {ledger} 中没有案件 {case}：未做任何修改</translation>
        </message>
        <message>
            <source>GDAL (the library QGIS reads files with) cannot read {path}: the file is damaged or not a format QGIS reads. GDAL says: {error}</source>
            <translation>GDAL（QGIS 读取文件所用的程序库）无法读取 {path}：文件已损坏，或不是 QGIS 能读取的格式。GDAL 的原话：{error}</translation>
        </message>
        <message>
            <source>QGIS cannot open the layer {source}: {error}</source>
            <translation>QGIS 无法打开图层 {source}：{error}</translation>
        </message>
        <message>
            <source>no reason given</source>
            <translation>未给出原因</translation>
        </message>
        <message>
            <source>{path} does not exist: check the folder and the file name</source>
            <translation>{path} 不存在：请检查文件夹和文件名</translation>
        </message>
        <message>
            <source>The shapefile {path} has no .shx file beside it (the index of its shapes), so it cannot be read. Copy all the files of the shapefile together ({parts})</source>
            <translation>Shapefile 文件 {path} 旁缺少 .shx 文件（图形索引），因此无法读取。请把该 Shapefile 的所有文件一起复制（{parts}）</translation>
        </message>
        <message>
            <source>The shapefile {path} has no .dbf file beside it (its attribute table): every attribute would be lost. Copy all the files of the shapefile together ({parts})</source>
            <translation>Shapefile 文件 {path} 旁缺少 .dbf 文件（属性表）：所有属性都会丢失。请把该 Shapefile 的所有文件一起复制（{parts}）</translation>
        </message>
        <message>
            <source>{path} is not a shapefile part (its header is not one): the file is damaged or misnamed</source>
            <translation>{path} 不是 Shapefile 的组成文件（文件头不符）：文件已损坏或扩展名有误</translation>
        </message>
        <message>
            <source>{path} is truncated: its header announces {expected} bytes but the file has {size}. The copy is incomplete: copy it again from the original</source>
            <translation>{path} 文件不完整：文件头标明 {expected} 字节，实际只有 {size} 字节。副本不完整：请从原始文件重新复制</translation>
        </message>
        <message>
            <source>{path} is truncated: its header announces {expected} records but the file holds only {found}. The copy is incomplete: copy it again from the original</source>
            <translation>{path} 文件不完整：文件头标明 {expected} 条记录，实际只有 {found} 条。副本不完整：请从原始文件重新复制</translation>
        </message>
        <message>
            <source>The shapefile {path} has {shapes} shapes but {records} rows in its .dbf: its files do not belong together. Copy all the files of the shapefile together from the original</source>
            <translation>Shapefile 文件 {path} 有 {shapes} 个图形，但其 .dbf 只有 {records} 行：这些文件不属于同一份数据。请从原始数据把该 Shapefile 的所有文件一起复制</translation>
        </message>
        <message>
            <source>{path} is not a GeoPackage (not an SQLite database): perhaps an error page saved under this name or another format renamed. Get the file again</source>
            <translation>{path} 不是 GeoPackage（不是 SQLite 数据库）：可能是以此名保存的错误网页，或被改了扩展名的其他格式。请重新获取该文件</translation>
        </message>
        <message>
            <source>{path} is truncated ({size} of {expected} bytes): the copy is incomplete. Copy it again, with its -wal file if there is one</source>
            <translation>{path} 文件不完整（{size} / {expected} 字节）：副本不完整。请重新复制，如有 -wal 文件请一并复制</translation>
        </message>
        <message>
            <source>{path} is a damaged database: {error}. Copy it again from the original</source>
            <translation>{path} 是已损坏的数据库：{error}。请从原始文件重新复制</translation>
        </message>
        <message>
            <source>{path} has no layer {layer}; its layers are: {layers}. Choose one: {path}|layername=NAME</source>
            <translation>{path} 中没有图层 {layer}；其中的图层有：{layers}。请选择其一：{path}|layername=图层名</translation>
        </message>
        <message>
            <source>{path} has no layer number {layer} (it has {count}: {layers}). Choose one: {path}|layername=NAME</source>
            <translation>{path} 中没有第 {layer} 号图层（共 {count} 个：{layers}）。请选择其一：{path}|layername=图层名</translation>
        </message>
        <message>
            <source>{path} holds {count} layers ({layers}) and none was named: QGIS would take one of them without a word. Choose one: {path}|layername=NAME, e.g. {path}|layername={first}</source>
            <translation>{path} 含有 {count} 个图层（{layers}），但未指定图层名：QGIS 会不加提示地任取其一。请选择其一：{path}|layername=图层名，例如 {path}|layername={first}</translation>
        </message>
        <message>
            <source>{path} holds no layer</source>
            <translation>{path} 中没有任何图层</translation>
        </message>
        <message>
            <source>{path} cannot be read as a patch file: {error}</source>
            <translation>{path}无法作为图斑文件读取：{error}</translation>
        </message>
        <message>
            <source>{path} holds {count} layers ({names}): give a file holding only the patches</source>
            <translation>{path}包含{count}个图层（{names}）：请提供只含图斑的文件</translation>
        </message>
        <message>
            <source>{path}: the field mapping cannot be used: {reason}</source>
            <translation>{path}：字段对应无法使用：{reason}</translation>
        </message>
        <message>
            <source>{path}: no patch table found: {reason}</source>
            <translation>{path}：找不到图斑表：{reason}</translation>
        </message>
        <message>
            <source>{output}: a returned workbook is written as .xlsx</source>
            <translation>{output}：回传的工作簿须为 .xlsx 格式</translation>
        </message>
        <message>
            <source>the layout {name} of {path}</source>
            <translation>{path} 中的布局“{name}”</translation>
        </message>
        <message>
            <source>Areas: {method}</source>
            <translation>面积：{method}</translation>
        </message>
        <message>
            <source>{algorithm} does not work on a PostgreSQL ledger yet ({ledger}): check the cases out to a GeoPackage first (lianwei:checkout) and run it on that file</source>
            <translation>{algorithm} 暂不支持 PostgreSQL 台账（{ledger}）：请先把案件检出到 GeoPackage（lianwei:checkout），再对该文件运行</translation>
        </message>
        <message>
            <source>Give the ledger either as a GeoPackage file ({path}) or as a database and schema ({database}), not both</source>
            <translation>台账只能指定一种：GeoPackage 文件（{path}）或数据库及模式（{database}），不能同时指定</translation>
        </message>
        <message>
            <source>Ledger</source>
            <translation>台账</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>核查</translation>
        </message>
        <message>
            <source>Progress and reports</source>
            <translation>进度与报表</translation>
        </message>
        <message>
            <source>Violations (ledger table)</source>
            <translation>违法图斑（台账表）</translation>
        </message>
        <message>
            <source>Village boundaries (ledger table)</source>
            <translation>村界（台账表）</translation>
        </message>
        <message>
            <source>Cadastre parcels (ledger table)</source>
            <translation>宗地（台账表）</translation>
        </message>
        <message>
            <source>Permits (ledger table)</source>
            <translation>许可（台账表）</translation>
        </message>
        <message>
            <source>Permanent basic farmland (ledger table)</source>
            <translation>永久基本农田（台账表）</translation>
        </message>
        <message>
            <source>Ledger (GeoPackage)</source>
            <translation>台账（GeoPackage）</translation>
        </message>
        <message>
            <source>Or a PostgreSQL database: a saved QGIS connection's name, or service=NAME</source>
            <translation>或 PostgreSQL 数据库：QGIS 中已保存连接的名称，或 service=名称</translation>
        </message>
        <message>
            <source>Schema in the database</source>
            <translation>数据库中的模式</translation>
        </message>
        <message>
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage 文件 (*.gpkg)</translation>
        </message>
        <message>
            <source>QGIS project beside the ledger</source>
            <translation>台账旁的 QGIS 工程</translation>
        </message>
        <message>
            <source>{path} is a Lianwei ledger: {output} must not be written into it (its cases, parcels and case history would be lost). Choose a new file name for {output}; the ledger was not changed</source>
            <translation>{path} 是两违整治台账：{output} 不得写入台账（否则其中的案件、宗地和案件日志都会丢失）。请为 {output} 另选一个新文件名；台账未被改动</translation>
        </message>
        <message>
            <source>{path} is a GeoPackage holding {count} tables ({tables}): writing {output} as this file would delete them all. Choose a new file name for {output}, or a new table in it (ogr:dbname='{path}' table="NAME")</source>
            <translation>{path} 是含有 {count} 个表（{tables}）的 GeoPackage：把 {output} 写成此文件会删除所有这些表。请为 {output} 另选一个新文件名，或在其中新建一个表（ogr:dbname='{path}' table="表名"）</translation>
        </message>
        <message>
            <source>{path} is a database (GeoPackage) holding {tables}: {output} would replace it with a file of another kind. Choose a new file name for {output}</source>
            <translation>{path} 是含有 {tables} 的数据库（GeoPackage）：{output} 会用另一种文件覆盖它。请为 {output} 另选一个新文件名</translation>
        </message>
        <message>
            <source>{path} already has a table {table} beside {others}: {output} would replace it. Choose a new table name or a new file for {output}</source>
            <translation>{path} 中除 {others} 外已有表 {table}：{output} 会覆盖它。请为 {output} 另选新表名或新文件</translation>
        </message>
        <message>
            <source>{path} is an existing database that cannot be read: {output} is not written over it. Choose a new file name for {output}</source>
            <translation>{path} 是一个无法读取的现有数据库：不会用 {output} 覆盖它。请为 {output} 另选一个新文件名</translation>
        </message>
        <message>
            <source>{path} is a file, not a folder: choose a folder for {output}</source>
            <translation>{path} 是文件而不是文件夹：请为 {output} 选择一个文件夹</translation>
        </message>
        <message>
            <source>No layer was given</source>
            <translation>未指定图层</translation>
        </message>
        <message>
            <source>Violations</source>
            <translation>违法图斑</translation>
        </message>
        <message>
            <source>Village boundaries</source>
            <translation>村界</translation>
        </message>
        <message>
            <source>Demolition target (m²; empty: the ledger's campaign setting)</source>
            <translation>拆除目标面积（㎡；留空则用台账中的整治任务设置）</translation>
        </message>
        <message>
            <source>Report date (empty: today)</source>
            <translation>报告日期（留空为今天）</translation>
        </message>
        <message>
            <source>(in no village)</source>
            <translation>（未落村）</translation>
        </message>
        <message>
            <source>Township</source>
            <translation>全镇</translation>
        </message>
        <message>
            <source>Land and building violations (Lianwei)</source>
            <translation>两违整治</translation>
        </message>
        <message>
            <source>{algorithm} (unavailable: Python package {package} missing)</source>
            <translation>{algorithm}（不可用：缺少 Python 包 {package}）</translation>
        </message>
        <message>
            <source>Unavailable (Python packages missing)</source>
            <translation>不可用（缺少 Python 包）</translation>
        </message>
        <message>
            <source>Case card (PDF)</source>
            <translation>案件卡片（PDF）</translation>
        </message>
        <message>
            <source>Prints one case of the ledger on one A4 page: the case highlighted on its map over the parcels, permits and village boundary, with a round scale, scale bar, north arrow and the coordinate system; its attributes with their Chinese names (areas in m² and mu, coded values by name, the area method); up to four photos from the evidence table with when and which way they were taken, the other documents by name; the history of its changes from the case log, newest last; the producer and the print date. Give the case number: the card of a case selected on the map is printed from the 两违整治 menu (Case card…).</source>
            <translation>把台账中的一宗案件打印在一页 A4 纸上：案件图斑在地图上突出显示，下面淡显宗地、许可和村界，取整比例尺、比例尺条、指北针和坐标系说明；案件属性用中文名称（面积为平方米和亩，代码显示名称，注明面积计算方法）；取证材料表中最多四张照片，注明拍摄时间和方向，其他材料列出文件名；处置记录表中的历次修改，最新的在最后；制图单位和打印日期。需填写案件编号；在地图上选中案件后，也可从“两违整治”菜单（案件卡片…）打印。</translation>
        </message>
        <message>
            <source>Give the case number (CASE_ID) of the case to print</source>
            <translation>请填写要打印的案件编号（CASE_ID）</translation>
        </message>
        <message>
            <source>Violations (ledger layer)</source>
            <translation>违法图斑（台账图层）</translation>
        </message>
        <message>
            <source>Case number (case_id)</source>
            <translation>案件编号（case_id）</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Case card of {case_id} written to {path}</source>
            <translation>案件 {case_id} 的案件卡片已保存到 {path}</translation>
        </message>
        <message>
            <source>{layer} is not a ledger layer: the card has no photos, history or parcels</source>
            <translation>{layer} 不是台账图层：卡片中没有照片、处置记录和宗地</translation>
        </message>
        <message>
            <source>Check violations</source>
            <translation>违法图斑核查</translation>
        </message>
        <message>
            <source>For every violation: the village holding its largest share, its planar area in the CGCS2000 3-degree Gauss-Krüger zone of the data and its ellipsoidal area by the Third National Land Survey method, the parts inside and outside permits, the area beyond the approved area, the area on permanent basic farmland, the parcel it overlaps most, and a suggested violation type with its reason. Areas are in m², rounded half-up to 0.01 m². Invalid geometries are repaired and listed; violations outside every village or split between villages are listed in the log.</source>
            <translation>逐宗核查违法图斑：所属村（占比最大的村）、数据所在 CGCS2000 3 度带高斯-克吕格投影下的平面面积和按三调方法计算的椭球面积、许可范围内外面积、超出批准面积、占用永久基本农田面积、重叠最大的宗地，以及建议的违法类型和理由。面积单位为平方米，四舍五入保留两位小数。无效几何会被修复并列出；不在任何村内或跨村的图斑在日志中列出。</translation>
        </message>
        <message>
            <source>Cannot create the output layer</source>
            <translation>无法创建输出图层</translation>
        </message>
        <message>
            <source>Empty geometry: no area</source>
            <translation>空几何：无面积</translation>
        </message>
        <message>
            <source>Permits</source>
            <translation>许可</translation>
        </message>
        <message>
            <source>Cadastre parcels</source>
            <translation>宗地</translation>
        </message>
        <message>
            <source>Permanent basic farmland</source>
            <translation>永久基本农田</translation>
        </message>
        <message>
            <source>Report date (temporary permits expire before it)</source>
            <translation>统计日期（临时许可在此日期前到期即为逾期）</translation>
        </message>
        <message>
            <source>Checked violations</source>
            <translation>核查后的违法图斑</translation>
        </message>
        <message>
            <source>Layer {layer}: the geometries of {cases} have coordinates that are not numbers (NaN or infinite). Nothing was checked or written: correct or redraw these cases, then run the check again</source>
            <translation>图层 {layer}：{cases} 的几何图形中有不是数字的坐标（NaN 或无穷大）。未核查、未写入任何内容：请改正或重新绘制这些案件后再核查</translation>
        </message>
        <message>
            <source>Writing the checked violations failed: {error}</source>
            <translation>写入核查结果失败：{error}</translation>
        </message>
        <message>
            <source>Layer {layer} has no features: nothing to check</source>
            <translation>图层 {layer} 没有要素，无需核查</translation>
        </message>
        <message>
            <source>{count} violations checked</source>
            <translation>已核查 {count} 宗违法图斑</translation>
        </message>
        <message>
            <source>Layer {layer} could not be read</source>
            <translation>无法读取图层 {layer}</translation>
        </message>
        <message>
            <source>Invalid geometries repaired ({count}): {cases}</source>
            <translation>已修复无效几何（{count} 宗）：{cases}</translation>
        </message>
        <message>
            <source>Empty geometries ({count}): {cases}</source>
            <translation>空几何（{count} 宗）：{cases}</translation>
        </message>
        <message>
            <source>Outside every village ({count}): {cases}</source>
            <translation>不在任何村界内（{count} 宗）：{cases}</translation>
        </message>
        <message>
            <source>{case} lies in several villages ({shares}); assigned to {village}</source>
            <translation>{case} 跨多个村（{shares}），归入 {village}</translation>
        </message>
        <message>
            <source>Check in a field copy</source>
            <translation>导入外业副本</translation>
        </message>
        <message>
            <source>Merges the edits made in a field copy (Check out a field copy) back into its shared ledger, field by field against each case as it was checked out. A field changed in the field only is applied, with the case's version raised by one; fields changed on both sides differently are listed in Conflicts side by side and neither is overwritten: the office keeps its value, the copy keeps the field's. Cases drawn in the field get the office's next number; evidence added in the field is added. Everything is applied in one transaction: if the ledger refuses one change (a village that is not yours, a status the workflow forbids), nothing is applied and the case is named. Checking the same copy in again applies nothing new.</source>
            <translation>把外业副本（“导出外业副本”生成）中的修改合并回共享台账，逐案逐字段与导出时的状态比较。只在外业改动的字段写入台账，案件版本加一；外业和办公室把同一字段改成不同值的，列入“冲突”表并排显示，双方都不覆盖：办公室保留办公室的值，副本保留外业的值。外业新画的案件按办公室的下一个编号入账；外业新增的取证材料一并加入。全部修改在一个事务中写入：台账拒绝其中任何一项（不是您负责的村、流程不允许的状态），则一项也不写入，并指明案件。同一副本再次导入不会重复写入。</translation>
        </message>
        <message>
            <source>Field name</source>
            <translation>字段名称</translation>
        </message>
        <message>
            <source>Value at checkout</source>
            <translation>导出时的值</translation>
        </message>
        <message>
            <source>Value in the field copy</source>
            <translation>外业副本中的值</translation>
        </message>
        <message>
            <source>Value in the office</source>
            <translation>办公室台账中的值</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Field copy (GeoPackage)</source>
            <translation>外业副本（GeoPackage）</translation>
        </message>
        <message>
            <source>PostgreSQL database: a saved QGIS connection's name, or service=NAME</source>
            <translation>PostgreSQL 数据库：QGIS 中已保存的连接名称，或 service=服务名</translation>
        </message>
        <message>
            <source>Conflicts</source>
            <translation>冲突</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
        <message>
            <source>Cases changed</source>
            <translation>修改的案件数</translation>
        </message>
        <message>
            <source>New cases added</source>
            <translation>新增案件数</translation>
        </message>
        <message>
            <source>Evidence rows added</source>
            <translation>新增取证材料数</translation>
        </message>
        <message>
            <source>{cases} cases changed ({fields} fields), {new} new cases, {evidence} evidence rows added, {conflicts} conflicts</source>
            <translation>修改案件 {cases} 件（{fields} 个字段），新增案件 {new} 件，新增取证材料 {evidence} 条，冲突 {conflicts} 处</translation>
        </message>
        <message>
            <source>Case {case}: {fields} applied (version {version})</source>
            <translation>案件 {case}：已写入 {fields}（版本 {version}）</translation>
        </message>
        <message>
            <source>New case {old} added as {case}</source>
            <translation>新案件 {old} 已入账，编号 {case}</translation>
        </message>
        <message>
            <source>Conflict in case {case}, {field}: the field has {field_value}, the office {office_value}</source>
            <translation>案件 {case} 的 {field} 有冲突：外业为 {field_value}，办公室为 {office_value}</translation>
        </message>
        <message>
            <source>Case {case} was deleted in the field copy; it is kept in the office</source>
            <translation>案件 {case} 在外业副本中被删除；办公室台账中保留</translation>
        </message>
        <message>
            <source>Evidence of a case the office does not have, not added: {row}</source>
            <translation>办公室台账中没有对应案件的取证材料，未加入：{row}</translation>
        </message>
        <message>
            <source>Check out a field copy</source>
            <translation>导出外业副本</translation>
        </message>
        <message>
            <source>Writes the cases of the chosen villages of a shared ledger (PostgreSQL) into a new GeoPackage for a laptop or a phone (QField): the cases with their evidence and history, the village boundaries, and the cadastre, permits and farmland within those villages' extent, with the ledger's forms, rules and a project beside it. Edit it offline, then merge the edits back with Check in a field copy: the copy remembers each case as it was checked out, so that changes made meanwhile in the office are never overwritten. An existing file is never overwritten.</source>
            <translation>把共享台账（PostgreSQL）中所选村的案件写入一个新的 GeoPackage，供笔记本电脑或手机（QField）外业使用：案件及其取证材料和处置记录、村界，以及这些村范围内的宗地、许可和永久基本农田，带台账的表单、规则，并在旁边写出工程文件。离线编辑后用“导入外业副本”合并回台账：副本记住每个案件导出时的状态，办公室在此期间的修改绝不会被覆盖。已有文件从不覆盖。</translation>
        </message>
        <message>
            <source>Village codes (separated by commas or spaces)</source>
            <translation>村代码（用逗号或空格分隔）</translation>
        </message>
        <message>
            <source>QGIS project beside the field copy</source>
            <translation>外业副本旁的 QGIS 工程</translation>
        </message>
        <message>
            <source>Cases in the field copy</source>
            <translation>外业副本中的案件数</translation>
        </message>
        <message>
            <source>Field copy written: {path}</source>
            <translation>外业副本已写出：{path}</translation>
        </message>
        <message>
            <source>Project written: {path}</source>
            <translation>工程已写入：{path}</translation>
        </message>
        <message>
            <source>Checking out villages {codes} of {ledger}…</source>
            <translation>正在导出 {ledger} 中村 {codes} 的案件…</translation>
        </message>
        <message>
            <source>Field copy {villages}</source>
            <translation>外业副本 {villages}</translation>
        </message>
        <message>
            <source>{table}: {count} rows</source>
            <translation>{table}：{count} 条</translation>
        </message>
        <message>
            <source>Create campaign ledger</source>
            <translation>新建整治台账</translation>
        </message>
        <message>
            <source>Creates a new GeoPackage ledger for a land and building violations campaign: village boundaries, cadastre, permits, permanent basic farmland, violations, evidence, case history and campaign settings, with Chinese field names, drop-down lists, constraints and styles. A QGIS project that opens everything styled is written beside it. An existing file is never overwritten. Given a PostgreSQL database (a saved connection or service=NAME) and a schema, the ledger is made there instead, shared by the office: the same tables and rules kept by the database, a version on every case so that no save overwrites another, every change logged, and the project stored in the database.</source>
            <translation>新建“两违”整治台账（GeoPackage）：村界、宗地、许可、永久基本农田、违法图斑、取证材料、处置记录和整治任务参数，带中文字段名、下拉列表、约束和符号样式。同时在台账旁生成一个 QGIS 工程，打开即为配置好样式的图层。已存在的文件不会被覆盖。若指定 PostgreSQL 数据库（已保存的连接或 service=名称）和模式，则台账建在数据库中，供全所共用：同样的表和规则由数据库执行，每个案件带版本号，任何保存都不会覆盖他人的修改，每次改动都有记录，工程也保存在数据库中。</translation>
        </message>
        <message>
            <source>Coordinate reference system</source>
            <translation>坐标参考系</translation>
        </message>
        <message>
            <source>Town name</source>
            <translation>乡镇名称</translation>
        </message>
        <message>
            <source>Campaign year</source>
            <translation>整治年度</translation>
        </message>
        <message>
            <source>Demolition target (m²)</source>
            <translation>拆除任务面积（㎡）</translation>
        </message>
        <message>
            <source>{town} land and building violations ledger</source>
            <translation>{town}两违整治台账</translation>
        </message>
        <message>
            <source>Ledger written: {path}</source>
            <translation>台账已写入：{path}</translation>
        </message>
        <message>
            <source>Export the ledger workbook (Excel)</source>
            <translation>导出整治台账工作簿（Excel）</translation>
        </message>
        <message>
            <source>Writes the campaign ledger as an Excel workbook in the county's format: a summary sheet with the progress of every village and the township on the report date and the burn-up chart, one sheet per village listing its cases (case number, party, address, category, type, source, dates, areas in m² and mu, status, disposal) with a total row, a sheet for cases in no village, and a sheet of the overdue cases. The totals of each village sheet equal the summary. Cases verified legal are listed last and not counted in the area found; a demolition dated after the report date is shown but not counted. An existing file is replaced only once the new workbook is complete.</source>
            <translation>按县级要求的格式将整治台账导出为 Excel 工作簿：汇总表列出各村和全镇截至报告日期的整治进度，并附拆除进度图；每个村一张工作表，列出该村案件（案件编号、当事人、地址、违法类别、违法类型、来源、各项日期、面积（㎡和亩）、状态、处置方式），末行为合计；未落村的案件单列一张表；另有逾期案件表。各村工作表的合计与汇总表一致。核查合法的图斑列在最后，不计入立案面积；拆除日期在报告日期之后的拆除面积照列，但不计入合计。新工作簿完整写好后才替换已有文件。</translation>
        </message>
        <message>
            <source>No output file given</source>
            <translation>未指定输出文件</translation>
        </message>
        <message>
            <source>Ledger workbook</source>
            <translation>台账工作簿</translation>
        </message>
        <message>
            <source>Excel (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Writing Excel workbooks needs the Python package openpyxl: {error}</source>
            <translation>导出 Excel 工作簿需要 Python 包 openpyxl：{error}</translation>
        </message>
        <message>
            <source>Cannot write the workbook {path} (is it open in another program?): {error}</source>
            <translation>无法写入工作簿 {path}（是否已在其他程序中打开？）：{error}</translation>
        </message>
        <message>
            <source>Workbook {path}: {villages} village sheets, {cases} cases, {overdue} overdue</source>
            <translation>工作簿 {path}：{villages} 张村工作表，{cases} 宗案件，{overdue} 宗逾期</translation>
        </message>
        <message>
            <source>Sheet {sheet}: the totals differ from the progress summary ({found} m², {demolished} m²)</source>
            <translation>工作表 {sheet}：合计与进度汇总不一致（立案面积 {found} ㎡，拆除面积 {demolished} ㎡）</translation>
        </message>
        <message>
            <source>Return the field verification to the upper level</source>
            <translation>核查结果回传上级</translation>
        </message>
        <message>
            <source>Writes the upper level's patch file (卫片图斑, as the county sent it: shapefile, GBK without .cpg too, GeoPackage or GeoJSON) back with every field it came with — same names, types, widths, encoding, CRS, geometries and row order — or its Excel/CSV table with every sheet, cell and header as it came (an .xls or .ods comes back as .xlsx, a CSV in its own encoding), plus the township's columns: case number AJBH, result HCJG (合法/违法/其他), reason HCLY, violation type WFLX, permit number XKZH, status CZZT, demolished area CCMJ, photo count ZPSL, evidence verdict JZWZ (完整/不完整) and its reasons JZSM. A shapefile gets a .cpg naming its encoding. Cases are found in the ledger by patch number (监测编号, else 图斑编号; the field mapping says which column holds it). Evidence is complete when at least the required number of photos each have a time, a direction and a position, were taken after the after-image date (HSX) and within the distance of the patch. Patches with incomplete evidence and rows the ledger does not know are listed in the log. The ledger is only read. The Excel workbook beside it has one row per patch with Chinese headers.</source>
            <translation>按上级下发的原图斑文件（卫片图斑：shapefile（含无.cpg的GBK编码）、GeoPackage或GeoJSON）回传核查结果：保留原文件的全部字段——字段名、类型、宽度、编码、坐标系、图形和行序均不变——或按原样保留 Excel/CSV 表格的每张工作表、每个单元格和表头（.xls 或 .ods 以 .xlsx 回传，CSV 保持原编码），并在其后加上乡镇的字段：案件编号AJBH、核查结果HCJG（合法/违法/其他）、核查理由HCLY、违法类型WFLX、许可证号XKZH、处置状态CZZT、拆除面积CCMJ、照片数量ZPSL、举证是否完整JZWZ（完整/不完整）及不完整原因JZSM。shapefile附带注明编码的.cpg文件。按监测编号（无则按图斑编号；字段对应指明所在列）在台账中查找案件。举证完整须有不少于规定张数的照片，每张都有拍摄时间、方向和位置，拍摄于后时相（HSX）之后，且在距图斑规定距离之内。举证不完整的图斑和台账中没有的行列在日志中。台账只读不改。旁附的Excel工作簿每个图斑一行，表头为中文。</translation>
        </message>
        <message>
            <source>Patches in the upper level's file</source>
            <translation>上级文件中的图斑数</translation>
        </message>
        <message>
            <source>Patches found in the ledger</source>
            <translation>台账中找到的图斑数</translation>
        </message>
        <message>
            <source>Patches not in the ledger</source>
            <translation>台账中没有的图斑数</translation>
        </message>
        <message>
            <source>Patches with complete evidence</source>
            <translation>举证完整的图斑数</translation>
        </message>
        <message>
            <source>Patches with incomplete evidence</source>
            <translation>举证不完整的图斑数</translation>
        </message>
        <message>
            <source>The upper level's patch file, as received</source>
            <translation>上级下发的图斑文件（原样）</translation>
        </message>
        <message>
            <source>{path}: the return is written as a shapefile, GeoPackage, GeoJSON, Excel or CSV</source>
            <translation>{path}：回传文件须为 shapefile、GeoPackage、GeoJSON、Excel 或 CSV</translation>
        </message>
        <message>
            <source>{output}: the return must be of the same kind of file as the upper level's ({path})</source>
            <translation>{output}：回传文件须与上级文件（{path}）格式相同</translation>
        </message>
        <message>
            <source>{path}: the upper level's file is never written over; choose another file</source>
            <translation>{path}：不会覆盖上级原文件，请另选文件</translation>
        </message>
        <message>
            <source>Field mapping (ledger_field=source_field;…; empty: proposed)</source>
            <translation>字段对应（台账字段=源字段;…；留空：自动对应）</translation>
        </message>
        <message>
            <source>Photos required per patch</source>
            <translation>每个图斑须有照片张数</translation>
        </message>
        <message>
            <source>Greatest distance of a photo from its patch (m)</source>
            <translation>照片距图斑最远距离（米）</translation>
        </message>
        <message>
            <source>Returned patch file (same format as the upper level's)</source>
            <translation>回传图斑文件（与上级文件格式相同）</translation>
        </message>
        <message>
            <source>Verification workbook</source>
            <translation>核查结果工作簿</translation>
        </message>
        <message>
            <source>Patch files ({types})</source>
            <translation>图斑文件 ({types})</translation>
        </message>
        <message>
            <source>{rows} patches returned: {matched} found in the ledger, {complete} with complete evidence, {incomplete} incomplete, {missing} not in the ledger</source>
            <translation>回传{rows}个图斑：台账中找到{matched}个，举证完整{complete}个，不完整{incomplete}个，台账中没有{missing}个</translation>
        </message>
        <message>
            <source>Text written in {encoding}, named in the .cpg</source>
            <translation>文字按{encoding}编码写入，并在.cpg中注明</translation>
        </message>
        <message>
            <source>Patch {patch} is held by several cases in the ledger; the first is returned</source>
            <translation>台账中有多个案件的监测编号为{patch}，回传第一个</translation>
        </message>
        <message>
            <source>Row {row}: patch {patch} is not in the ledger; its township columns are left empty</source>
            <translation>第{row}行：台账中没有图斑{patch}，其乡镇字段留空</translation>
        </message>
        <message>
            <source>Patch {patch} (case {case}): evidence incomplete: {reasons}</source>
            <translation>图斑{patch}（案件{case}）：举证不完整：{reasons}</translation>
        </message>
        <message>
            <source>Grant villages to an editor</source>
            <translation>为编辑人员分配村</translation>
        </message>
        <message>
            <source>Gives a login role of the office's PostgreSQL database the villages it may edit in the shared ledger: it reads every table (the cases of all villages, the cadastre, the history, the styles and the project) and writes the cases and evidence of the listed villages only. Administrator: every village, plus the village boundaries, cadastre, permits, farmland and campaign settings. The rights are checked by the database for every program that saves, QGIS, psql or any other: a change to another village's case is refused with a message naming the case and the village, and nothing is written. Running it again for the same role replaces its villages. Run it connected as the ledger's owner; the role must already exist and every village code must be one of the ledger's villages, else nothing is changed.</source>
            <translation>为办公室 PostgreSQL 数据库中的一个登录角色分配它在共享台账中可编辑的村：它可以读取所有表（全部村的案件、宗地、处置记录、样式和项目），但只能修改所列村的案件和取证材料。管理员：全部村，另加村界、宗地、许可、永久基本农田和整治任务参数。权限由数据库对每个保存数据的程序检查，无论 QGIS、psql 还是其他程序：修改其他村的案件会被拒绝，并提示案件编号和所属村，不写入任何内容。对同一角色再次运行会替换其原有的村。请以台账所有者的身份连接运行；该角色必须已存在，每个村代码都必须是台账中的村，否则不做任何改动。</translation>
        </message>
        <message>
            <source>Login role of the editor</source>
            <translation>编辑人员的登录角色</translation>
        </message>
        <message>
            <source>Administrator: all villages and the reference tables</source>
            <translation>管理员：全部村及基础数据表</translation>
        </message>
        <message>
            <source>Login role</source>
            <translation>登录角色</translation>
        </message>
        <message>
            <source>Villages granted</source>
            <translation>已分配村数</translation>
        </message>
        <message>
            <source>Village codes granted</source>
            <translation>已分配的村代码</translation>
        </message>
        <message>
            <source>Administrator: the village codes given are not needed, every village is granted</source>
            <translation>管理员：无需填写村代码，已分配全部村</translation>
        </message>
        <message>
            <source>{role} may now edit every village ({count}: {villages}) and the reference tables</source>
            <translation>{role} 现在可以编辑全部村（{count} 个：{villages}）及基础数据表</translation>
        </message>
        <message>
            <source>{role} may now edit the cases of {count} villages: {villages}</source>
            <translation>{role} 现在可以编辑 {count} 个村的案件：{villages}</translation>
        </message>
        <message>
            <source>{file}: this QGIS reads only the Name and Description of a KML (its GDAL has no LIBKML driver), so the patch number and the other columns are not seen. Map the number with patch_no=Name if Name holds it, or save the file as GeoJSON or GeoPackage in another program and import that</source>
            <translation>{file}：本 QGIS 读取 KML 时只能读到名称（Name）和说明（Description）（其 GDAL 没有 LIBKML 驱动），看不到图斑编号和其他各列。如名称即图斑编号，可设字段对应 patch_no=Name；否则请先在其他软件中将文件另存为 GeoJSON 或 GeoPackage 再导入</translation>
        </message>
        <message>
            <source>Import satellite patches into the ledger</source>
            <translation>导入卫片图斑到台账</translation>
        </message>
        <message>
            <source>Imports the change patches the upper level sends (卫片/遥感监测图斑): a shapefile (GBK, GB18030 or UTF-8, with or without .cpg), GeoJSON, GeoPackage, KML/KMZ, the output of “read boundary-point file”, or an Excel/CSV table (merged headers and title rows are understood; the outline from a WKT column, or the table is a list of boundary points, one patch per parcel). Columns are matched by the usual names (JCBH 监测编号, TBBH 图斑编号, TBLX 图斑类型, QSX/HSX 前/后时相, TBMJ 图斑面积, DLBM, SFYN, SFHX, XZB/YZB …); a mapping ledger_field=column;… overrides them and is remembered for the file. A patch whose number the ledger knows, or that overlaps a case by more than the threshold (of the smaller), is linked to that case: only the upper level's fields are updated, never the township's own verification, status or outline (a redrawn patch replaces an outline the township has not redrawn). Other patches become new cases, numbered village-year-sequence and checked like “check violations” (village, areas in the ledger's zone, permits, parcel, farmland). Patches away from the township's villages are left out and counted. Every row is checked first; the import is one transaction: a row that cannot be imported refuses the whole import (the ledger is unchanged) unless “leave out refused rows” is ticked. The report lists every row: new, linked, changed, unchanged, refused (with the reason), outside the township. Importing the same file twice creates nothing new. The ledger is a GeoPackage file, or a schema of a PostgreSQL database (a saved connection's name or service=NAME); there the database also refuses new or changed cases of villages you may not edit.</source>
            <translation>导入上级下发的卫片/遥感监测图斑：Shapefile（GBK、GB18030 或 UTF-8，有无 .cpg 均可）、GeoJSON、GeoPackage、KML/KMZ、“读取界址点坐标文件”的输出，或 Excel/CSV 表格（可识别合并表头和标题行；图斑范围取自 WKT 列，或表格为界址点坐标表，每个地块一个图斑）。按常用字段名对应各列（JCBH 监测编号、TBBH 图斑编号、TBLX 图斑类型、QSX/HSX 前/后时相、TBMJ 图斑面积、DLBM、SFYN、SFHX、XZB/YZB……）；“台账字段=列名;…”形式的对应可覆盖默认对应，并按文件记住。监测编号已在台账中的图斑，或与某案件重叠超过阈值（占较小者面积）的图斑，关联到该案件：只更新上级字段，绝不改动乡镇自己的核查结果、处置状态和图形（上级重新勾绘的图斑只替换乡镇未改绘过的图形）。其余图斑新建为案件，按“村代码-年度-序号”编号，并按“违法图斑核查”同样的方法核查（所属村、台账坐标带内的面积、许可、宗地、永久基本农田）。不在本乡镇各村范围内的图斑不导入，只计数。导入前逐行检查，导入在一个事务中完成：任何一行无法导入则全部不导入（台账不变），除非勾选“略去被拒绝的行”。导入报告列出每一行：新建、关联、更新、无变化、拒绝（附原因）、不在本乡镇。同一文件导入两次不会重复建案。台账可以是 GeoPackage 文件，也可以是 PostgreSQL 数据库中的一个模式（保存的连接名或 service=名称）；在 PostgreSQL 台账中，数据库还会拒绝新建或修改您无权编辑的村的案件。</translation>
        </message>
        <message>
            <source>Patches linked to existing cases</source>
            <translation>关联到已有案件的图斑</translation>
        </message>
        <message>
            <source>Cases updated by the upper level</source>
            <translation>上级信息已更新的案件</translation>
        </message>
        <message>
            <source>Patches already in the ledger, unchanged</source>
            <translation>已在台账中且无变化的图斑</translation>
        </message>
        <message>
            <source>Rows refused</source>
            <translation>被拒绝的行</translation>
        </message>
        <message>
            <source>Patches outside the township</source>
            <translation>不在本乡镇的图斑</translation>
        </message>
        <message>
            <source>Overlap that links a patch to a case (share of the smaller)</source>
            <translation>图斑关联到案件的重叠比例（占较小者面积）</translation>
        </message>
        <message>
            <source>Text encoding of a shapefile (empty: detected)</source>
            <translation>Shapefile 文字编码（留空：自动检测）</translation>
        </message>
        <message>
            <source>Leave out refused rows (listed in the report)</source>
            <translation>略去被拒绝的行（在报告中列出）</translation>
        </message>
        <message>
            <source>Patch file or layer</source>
            <translation>图斑文件或图层</translation>
        </message>
        <message>
            <source>Source of new cases</source>
            <translation>新建案件的来源</translation>
        </message>
        <message>
            <source>Field mapping (ledger_field=column;…; empty: the one saved for this file, else proposed)</source>
            <translation>字段对应（台账字段=列名;…；留空：使用该文件保存的对应，否则自动建议）</translation>
        </message>
        <message>
            <source>Import report</source>
            <translation>导入报告</translation>
        </message>
        <message>
            <source>Field mapping used</source>
            <translation>使用的字段对应</translation>
        </message>
        <message>
            <source>Canceled: the ledger was not changed</source>
            <translation>已取消：台账未改变</translation>
        </message>
        <message>
            <source>Field mapping: {mapping}</source>
            <translation>字段对应：{mapping}</translation>
        </message>
        <message>
            <source>The ledger was brought to schema version {version}</source>
            <translation>台账已升级到结构版本{version}</translation>
        </message>
        <message>
            <source>Import office layer into the ledger</source>
            <translation>导入本单位图层到台账</translation>
        </message>
        <message>
            <source>Copies an office's layer (shapefile, GeoPackage, PostGIS table) into one reference table of a ledger: village boundaries, cadastre, permits or permanent basic farmland. Field mapping: ledger_field=source_field;… — empty proposes one from the field names (ZDDM, QLR, DLBM, 宗地代码, 许可证号 …). Areas given as text and dates in Chinese spellings are converted; geometries are transformed to the ledger's CRS, invalid ones repaired, multipart ones split. Coordinates that do not fit the layer's CRS are fixed where the fix is certain (eastings with the zone number, X and Y swapped, degrees under a projected CRS; the log says so) and refused otherwise, as are data far from the ledger's villages. Every feature is checked before anything is written: a feature without a usable polygon (no geometry, empty, points or lines, coordinates that are not numbers or do not fit the ledger's CRS), a value that cannot be read or a key given twice refuses the whole import with a list of the features, unless “leave out features that cannot be used” is ticked; a layer with nothing usable is always refused, so replace never empties a table by mistake. A shapefile without .cpg whose text is not UTF-8 is read as GBK unless an encoding is given. The source is never changed. Everything is written in one transaction: if any feature cannot be stored, the ledger is left exactly as it was and the message names the layer, feature and field. The ledger is a GeoPackage file, or a schema of a PostgreSQL database (a saved connection's name or service=NAME).</source>
            <translation>把本单位的图层（Shapefile、GeoPackage、PostGIS 表）复制到台账的一张基础数据表：村界、宗地、许可或永久基本农田。字段对应：台账字段=源字段;… ——留空则按字段名（ZDDM、QLR、DLBM、宗地代码、许可证号……）自动对应。文本形式的面积和中文写法的日期会被转换；几何转换到台账的坐标参照系，无效几何自动修复，多部件拆分。与图层坐标参照系不符的坐标，能确定如何修正时自动修正（带带号的横坐标、X 与 Y 颠倒、投影坐标系下的经纬度；日志中注明），否则拒绝导入；距台账村界过远的数据同样拒绝。写入前逐个检查全部要素：没有可用面（无几何、空几何、点或线、坐标不是数字或与台账坐标系不符）、数值无法识别或编号重复的要素会使整个导入被拒绝并列出这些要素，除非勾选“略过无法使用的要素”；没有任何可用要素的图层总是被拒绝，因此“替换”绝不会误清空一张表。没有 .cpg 且文字不是 UTF-8 的 Shapefile 按 GBK 读取（除非指定编码）。源数据不会被修改。全部写入在一个事务中完成：任何一个要素无法写入时，台账保持原样，并提示图层、要素和字段。台账可以是 GeoPackage 文件，也可以是 PostgreSQL 数据库中的一个模式（保存的连接名或 service=名称）。</translation>
        </message>
        <message>
            <source>Features written</source>
            <translation>写入要素数</translation>
        </message>
        <message>
            <source>Invalid geometries repaired</source>
            <translation>修复的无效几何数</translation>
        </message>
        <message>
            <source>Extra rows from multipart geometries</source>
            <translation>多部件拆分增加的行数</translation>
        </message>
        <message>
            <source>Features without a geometry</source>
            <translation>没有几何的要素数</translation>
        </message>
        <message>
            <source>Rows replaced</source>
            <translation>被替换的行数</translation>
        </message>
        <message>
            <source>Features left out (could not be stored)</source>
            <translation>略过的要素（无法写入）</translation>
        </message>
        <message>
            <source>Leave out features that cannot be used (listed in the log)</source>
            <translation>略过无法使用的要素（在日志中列出）</translation>
        </message>
        <message>
            <source>Office layer</source>
            <translation>本单位图层</translation>
        </message>
        <message>
            <source>Ledger table</source>
            <translation>台账表</translation>
        </message>
        <message>
            <source>Replace the table's rows</source>
            <translation>替换表中原有数据</translation>
        </message>
        <message>
            <source>{table}: {written} features written, {repaired} repaired</source>
            <translation>{table}：写入 {written} 个要素，修复 {repaired} 个</translation>
        </message>
        <message>
            <source>{count} features left out, they could not be stored:</source>
            <translation>略过了 {count} 个无法写入的要素：</translation>
        </message>
        <message>
            <source>Progress report (HTML)</source>
            <translation>整治进度报告（HTML）</translation>
        </message>
        <message>
            <source>Writes the campaign progress as a single HTML file that opens in any browser and prints on A4: the demolished area against the target, the burn-up chart with the milestones and the forecast, the table of villages with their traffic light, and the overdue cases. The numbers are those of the progress summary.</source>
            <translation>将整治进度写成一个 HTML 文件，可用任意浏览器打开并以 A4 打印：已拆除面积与目标、含时间节点和预测的拆除进度图、各村进度表（进度灯）以及逾期案件。数字与整治进度汇总一致。</translation>
        </message>
        <message>
            <source>Progress report</source>
            <translation>整治进度报告</translation>
        </message>
        <message>
            <source>HTML (*.html)</source>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <source>Generated {time} by the Lianwei QGIS plugin</source>
            <translation>由两违整治 QGIS 插件生成于 {time}</translation>
        </message>
        <message>
            <source>Cannot write {path}: {error}</source>
            <translation>无法写入 {path}：{error}</translation>
        </message>
        <message>
            <source>Campaign progress summary</source>
            <translation>整治进度汇总</translation>
        </message>
        <message>
            <source>One row per village and a township row: cases and area found by status, area demolished up to the report date, the village's quota of the target and what remains, the next milestone and whether the village is on track (green, amber, red), new and stock cases, overdue cases, and the date the quota will be reached at the pace of the last 30 days. Campaign settings (milestones, zero-growth date, days allowed to restore a new violation) come from the ledger of the violations layer; the target can be given here. Village rows add up to the township row. Areas are the footprint areas (m²) written by the violation check.</source>
            <translation>每村一行并附全镇合计行：按状态统计的立案宗数和面积、截至报告日期的拆除面积、各村分解任务及剩余任务、下一时间节点及进度是否正常（绿、黄、红）、新增与存量、逾期案件，以及按近30天进度预计完成任务的日期。整治任务设置（时间节点、零增长日期、新增违法恢复期限）取自违法图斑图层所在台账；目标面积可在此指定。各村之和等于全镇合计。面积为违法图斑核查写入的占地面积（㎡）。</translation>
        </message>
        <message>
            <source>Progress summary</source>
            <translation>整治进度汇总表</translation>
        </message>
        <message>
            <source>Report date {date}: {demolished:.2f} m² demolished of {target:.2f} m² ({pct:.1f} %), {light}</source>
            <translation>截至{date}：已拆除{demolished:.2f}㎡，目标{target:.2f}㎡（{pct:.1f}%），{light}</translation>
        </message>
        <message>
            <source>Overdue cases ({count}): {cases}</source>
            <translation>逾期案件（{count}宗）：{cases}</translation>
        </message>
        <message>
            <source>{file} cannot be used as boundary points; nothing was written:</source>
            <translation>{file} 不能作为界址点文件使用，未输出任何内容：</translation>
        </message>
        <message>
            <source>… and {count} more</source>
            <translation>……另有 {count} 条</translation>
        </message>
        <message>
            <source>No parcel has a usable outline</source>
            <translation>没有任何地块有可用的界线</translation>
        </message>
        <message>
            <source>{count} parcels of {file} were left out (see the warnings above)</source>
            <translation>{file} 中有 {count} 个地块被略过（见上方警告）</translation>
        </message>
        <message>
            <source>Read boundary-point file</source>
            <translation>读取界址点文件</translation>
        </message>
        <message>
            <source>Reads a surveyor's boundary-point file into a polygon layer, one feature per parcel: the ministry's exchange TXT (界址点坐标交换格式: [属性描述] with 坐标系, 几度分带, 带号, then [地块坐标] with one header line per parcel and lines J1,1,X,Y), or an Excel/CSV list of points (地块编号, 点号, 圈号, X, Y; merged cells and one sheet per parcel are understood). Rings are told apart by their ring number: a ring inside another is a hole, one outside the others a further part. The encoding (GBK, GB18030, UTF-8) is detected; X and Y written in the wrong order and the zone number in the eastings are detected and reported in the log. The CRS is the one the header names (a spreadsheet's comes from the CRS given here, else from its title, else from the zone number of its eastings); a header that cannot be placed (an unknown 带号, a zone number that contradicts it) is refused. Each feature keeps the parcel's number (JCBH), name, the header's area (TBMJ) and the planar area of its points (JSMJ, m², rounded half-up to 0.01), so the layer can be the input of the patch import (lianwei:importpatches) in a model. A parcel that cannot be used refuses the whole file, naming the file and line, unless “leave out parcels that cannot be used” is ticked.</source>
            <translation>将测量单位提交的界址点文件读成面图层，每个地块一个要素：部颁界址点坐标交换格式 TXT（[属性描述] 中写明坐标系、几度分带、带号，[地块坐标] 中每个地块一行属性行，之后为 J1,1,X,Y 形式的点行），或 Excel/CSV 坐标表（地块编号、点号、圈号、X、Y；可识别合并单元格和一表一地块的写法）。按圈号区分各圈：位于另一圈内的为扣除的内环（洞），位于其他圈之外的为地块的另一部分。自动识别编码（GBK、GB18030、UTF-8）；X、Y 写反以及横坐标带有带号的情况会被识别并写入日志。坐标系取自文件头（表格的坐标系取自此处所选，其次取自表头标题，再次取自横坐标所带带号）；无法定位的文件头（未知带号、带号与坐标矛盾）将被拒绝。每个要素保留地块编号（JCBH）、名称、文件所载面积（TBMJ）和界址点计算的平面面积（JSMJ，平方米，四舍五入至0.01），因此该图层可在模型中作为卫片图斑导入（lianwei:importpatches）的输入。任何一个地块无法使用时整个文件被拒绝，并指明文件和行号；勾选“略过无法使用的地块”时除外。</translation>
        </message>
        <message>
            <source>CRS of a spreadsheet without one (empty: from its title or its eastings)</source>
            <translation>表格文件的坐标系（留空：取自表头标题或横坐标带号）</translation>
        </message>
        <message>
            <source>Leave out parcels that cannot be used (listed in the log)</source>
            <translation>略过无法使用的地块（在日志中列出）</translation>
        </message>
        <message>
            <source>{path} is not a file</source>
            <translation>{path} 不是文件</translation>
        </message>
        <message>
            <source>{file}: {crs} is not a Gauss-Krüger zone of CGCS2000, Xian 1980 or Beijing 1954: choose the zone the surveyor measured in</source>
            <translation>{file}：{crs} 不是 CGCS2000、1980西安或1954北京坐标系的高斯-克吕格投影带，请选择测量时所用的投影带</translation>
        </message>
        <message>
            <source>Writing the parcels failed: {error}</source>
            <translation>写入地块失败：{error}</translation>
        </message>
        <message>
            <source>Boundary-point file (TXT, Excel or CSV)</source>
            <translation>界址点文件（TXT、Excel 或 CSV）</translation>
        </message>
        <message>
            <source>Parcels</source>
            <translation>地块</translation>
        </message>
        <message>
            <source>Parcels read</source>
            <translation>读取的地块数</translation>
        </message>
        <message>
            <source>CRS of the parcels</source>
            <translation>地块坐标系</translation>
        </message>
        <message>
            <source>Boundary points (*.txt *.TXT *.xlsx *.xls *.ods *.csv);;All files (*.*)</source>
            <translation>界址点文件 (*.txt *.TXT *.xlsx *.xls *.ods *.csv);;所有文件 (*.*)</translation>
        </message>
        <message>
            <source>{count} parcels read from {file}, CRS {crs}</source>
            <translation>从 {file} 读取 {count} 个地块，坐标系 {crs}</translation>
        </message>
        <message>
            <source>Reconcile the ledger with the upper level's patches</source>
            <translation>台账与上级图斑对账</translation>
        </message>
        <message>
            <source>Compares the ledger with the upper level's current patch file or service layer before a report (对账). Patches are matched to cases by their number (监测编号 JCBH, else 图斑编号 TBBH, through the same field mapping as the patch import), then the rest by outline (overlap above the share of the smaller). Every difference is one row of the output table: a patch the ledger does not have, a case with a patch number the upper level does not have, a case the upper level does not know, a case matched only by outline under another number, an area difference above the tolerance (m² and/or a share of the larger area), and a status disagreement (signed off or verified legal here, still open there, or the reverse; the upper level's state is read from a column such as 整改状态 or 是否销号). A short Chinese summary goes to the log and to the SUMMARY output. The ledger and the upper level's file are only read, never changed.</source>
            <translation>报送前将台账与上级当前的图斑文件或服务图层对账。先按编号（监测编号 JCBH，没有则用图斑编号 TBBH，字段对应与图斑导入相同）将图斑与案件对上，其余按图形对上（重叠超过较小者的一定比例）。每条差异为输出表中的一行：台账缺少的图斑、上级文件中没有其监测编号的案件、上级未掌握的案件、仅按图形对上但编号不同的案件、超过容差的面积差异（平方米和/或较大面积的比例），以及状态不一致（本地已销号或核查合法而上级仍未销号，或相反；上级状态取自“整改状态”“是否销号”等字段）。简短的中文小结写入日志和 SUMMARY 输出。台账和上级文件只读，不做任何修改。</translation>
        </message>
        <message>
            <source>Patch number (监测编号)</source>
            <translation>监测编号</translation>
        </message>
        <message>
            <source>Difference</source>
            <translation>差异类型</translation>
        </message>
        <message>
            <source>Difference (code)</source>
            <translation>差异类型代码</translation>
        </message>
        <message>
            <source>Value in the ledger</source>
            <translation>本台账的值</translation>
        </message>
        <message>
            <source>Value in the upper level's file</source>
            <translation>上级文件的值</translation>
        </message>
        <message>
            <source>Case numbers</source>
            <translation>案件编号</translation>
        </message>
        <message>
            <source>Writing the differences failed: {error}</source>
            <translation>写入差异失败：{error}</translation>
        </message>
        <message>
            <source>Upper level's patches (file, layer or service)</source>
            <translation>上级图斑（文件、图层或服务）</translation>
        </message>
        <message>
            <source>Field mapping (ledger_field=source_field;…; empty: the 卫片 default)</source>
            <translation>字段对应（台账字段=源字段;…；留空：卫片默认对应）</translation>
        </message>
        <message>
            <source>Column with the upper level's state (empty: 整改状态, 是否销号 … if present)</source>
            <translation>上级状态字段（留空：如有“整改状态”“是否销号”等字段则自动采用）</translation>
        </message>
        <message>
            <source>Area tolerance (m²)</source>
            <translation>面积容差（平方米）</translation>
        </message>
        <message>
            <source>Area tolerance as a share of the larger area (%, empty: none)</source>
            <translation>面积容差占较大面积的比例（%，留空：不用）</translation>
        </message>
        <message>
            <source>Overlap that matches a patch to a case by outline (share of the smaller)</source>
            <translation>按图形对上所需的重叠比例（占较小者）</translation>
        </message>
        <message>
            <source>Only cases with a patch number or from 卫片/遥感</source>
            <translation>仅含有监测编号或来源为卫片/遥感的案件</translation>
        </message>
        <message>
            <source>Differences</source>
            <translation>差异</translation>
        </message>
        <message>
            <source>Differences found</source>
            <translation>差异条数</translation>
        </message>
        <message>
            <source>Patch number from {number}, area from {area}, state from {status}</source>
            <translation>监测编号取自 {number}，面积取自 {area}，状态取自 {status}</translation>
        </message>
        <message>
            <source>Record case status</source>
            <translation>登记案件处置状态</translation>
        </message>
        <message>
            <source>Gives the listed cases of a ledger a new status, following the workflow: discovered, then legal or verified, filed, ordered to rectify, then demolished, regularized or deferred, then signed off. A demolished case needs its demolished area (the footprint when none is given), the demolition date and a photo; a deferred case needs a reason in the remarks. If any case may not take the status, nothing is changed and every refused case is named. Every changed field is traced in the case history. The layer may be the violations table of a GeoPackage ledger or of a PostgreSQL one; there the database also refuses the cases of villages you may not edit, naming each, and the history records your database user.</source>
            <translation>按处置流程为台账中所列案件登记新状态：已发现 → 核查合法或核实违法 → 已立案 → 责令整改 → 已拆除、已补办手续或暂缓 → 已销号。已拆除须有拆除面积（未填时取占地面积）、拆除日期和照片；暂缓须在备注中写明原因。只要有一个案件不能改为该状态，就一条也不改，并列出每个被拒绝的案件。每个被修改的字段都记入处置记录。图层可以是 GeoPackage 台账或 PostgreSQL 台账的违法图斑表；在 PostgreSQL 台账中，数据库还会拒绝修改您无权编辑的村的案件（逐一列出），处置记录中记下您的数据库用户。</translation>
        </message>
        <message>
            <source>Layer {layer} is not the violations table of a ledger</source>
            <translation>图层 {layer} 不是台账的违法图斑表</translation>
        </message>
        <message>
            <source>No case numbers given</source>
            <translation>未填写案件编号</translation>
        </message>
        <message>
            <source>Case numbers (separated by commas or spaces)</source>
            <translation>案件编号（用逗号或空格分隔）</translation>
        </message>
        <message>
            <source>New status</source>
            <translation>新状态</translation>
        </message>
        <message>
            <source>Date of demolition or sign-off</source>
            <translation>拆除或销号日期</translation>
        </message>
        <message>
            <source>Deadline to rectify</source>
            <translation>整改期限</translation>
        </message>
        <message>
            <source>Demolished area (m², each case; empty: its footprint)</source>
            <translation>拆除面积（平方米，每案；不填则取占地面积）</translation>
        </message>
        <message>
            <source>Remarks</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Cases updated</source>
            <translation>已更新案件数</translation>
        </message>
        <message>
            <source>{count} cases now {status}: {cases}</source>
            <translation>{count} 个案件已改为{status}：{cases}</translation>
        </message>
        <message>
            <source>Sample township</source>
            <translation>示例乡镇</translation>
        </message>
        <message>
            <source>Writes a sample township ledger that looks like a real one: 14 villages in zones and work groups, cadastre parcels with owners and land classes, permits (some temporary and expired), permanent basic farmland and violations of every source, type and status, about half of the 40,000 m² target demolished. The same seed and sizes always give the same township. Use it to learn the plugin and for benchmarks.</source>
            <translation>生成一个与真实乡镇相仿的示例台账：14 个村（分片区、工作组），带权利人和地类的宗地，许可（含已过期的临时许可），永久基本农田，以及各种来源、类型、状态的违法图斑，4 万平方米拆除任务约已完成一半。相同的随机种子和数量总是生成相同的乡镇。可用于学习本插件和性能测试。</translation>
        </message>
        <message>
            <source>Random seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Number of violations</source>
            <translation>违法图斑数量</translation>
        </message>
        <message>
            <source>Number of cadastre parcels</source>
            <translation>宗地数量</translation>
        </message>
        <message>
            <source>Number of permits</source>
            <translation>许可数量</translation>
        </message>
        <message>
            <source>Satellite patch file the county would send (GBK shapefile without .cpg)</source>
            <translation>县里下发的卫片图斑文件（GBK 编码、无 .cpg 的 Shapefile）</translation>
        </message>
        <message>
            <source>Patches in the patch file</source>
            <translation>图斑文件中的图斑数</translation>
        </message>
        <message>
            <source>Building the sample township…</source>
            <translation>正在生成示例乡镇…</translation>
        </message>
        <message>
            <source>Writing the ledger…</source>
            <translation>正在写入台账…</translation>
        </message>
        <message>
            <source>Violations: {cases} cases, {found} m² found, {demolished} m² demolished</source>
            <translation>违法图斑：{cases} 宗，发现面积 {found} ㎡，已拆除 {demolished} ㎡</translation>
        </message>
        <message>
            <source>{table}: {count} features</source>
            <translation>{table}：{count} 个要素</translation>
        </message>
        <message>
            <source>Patch file: {path} ({count} patches)</source>
            <translation>图斑文件：{path}（{count}个图斑）</translation>
        </message>
        <message>
            <source>{error}. Nothing was imported: the ledger {ledger} is unchanged</source>
            <translation>{error}。未导入任何图斑：台账 {ledger} 未作任何更改</translation>
        </message>
        <message>
            <source>{error}. The download was whole ({fetched} patches) but the import refused it: the ledger {ledger} is unchanged and the last sync was not recorded</source>
            <translation>{error}。下载完整（{fetched} 个图斑），但导入被拒绝：台账 {ledger} 未作任何更改，也未记录本次同步</translation>
        </message>
        <message>
            <source>Sync satellite patches from a monitoring service</source>
            <translation>从监测服务同步卫片图斑</translation>
        </message>
        <message>
            <source>Downloads the change patches of a monitoring service — an OGC API Features collection (…/collections/{id}/items) or a plain GeoJSON address — and imports them like “import satellite patches”. Only what changed since the last successful sync of this service is asked for (OGC API's datetime=&lt;last sync&gt;/.., or the service's own parameter); “changed since” overrides it (a date, or “all”). Every page is downloaded first, following the service's next links or limit/offset; nothing reaches the ledger unless every page came whole (a page cut off, not JSON, or a count that disagrees refuses the sync). Slow and busy services are asked again after a wait (HTTP 429 and 5xx, honouring Retry-After) a bounded number of times. The token comes from QGIS's authentication manager (Basic, OAuth2, API header, or a token kept as an ESRI token configuration): only its id is kept. QGIS's proxy settings are used and TLS certificates are always verified. The last sync is recorded in the ledger only after the import succeeded; an offline, slow or failing service leaves the ledger as it was.</source>
            <translation>从监测服务下载变化图斑——OGC API Features 要素集合（…/collections/{id}/items）或普通 GeoJSON 地址——并像“导入卫片图斑”一样导入台账。只请求此服务上次成功同步以来变化的图斑（OGC API 的 datetime=&lt;上次同步&gt;/..，或服务自己的参数）；“变化起始时间”可覆盖它（填日期，或填“全部”）。先下载所有页（按服务的 next 链接或 limit/offset 分页）；只有每一页都完整收到，才会写入台账（某页被截断、不是 JSON 或数量不符都会拒绝本次同步）。服务响应慢或繁忙时（HTTP 429 和 5xx，遵循 Retry-After）会等待后重试，次数有限。令牌取自 QGIS 认证管理器（Basic、OAuth2、API 请求头，或保存为 ESRI token 配置的令牌）：只保存其配置编号。使用 QGIS 的代理设置，始终校验 TLS 证书。只有导入成功后才在台账中记录本次同步；离线、响应慢或出错的服务不会改动台账。</translation>
        </message>
        <message>
            <source>Timeout per request (s)</source>
            <translation>每次请求的超时（秒）</translation>
        </message>
        <message>
            <source>Service address (https://…)</source>
            <translation>服务地址（https://…）</translation>
        </message>
        <message>
            <source>Collection id (OGC API Features; empty: the address is the GeoJSON)</source>
            <translation>要素集合编号（OGC API Features；留空：地址本身即 GeoJSON）</translation>
        </message>
        <message>
            <source>Authentication</source>
            <translation>认证</translation>
        </message>
        <message>
            <source>Changed since (empty: since the last sync; “all”: everything)</source>
            <translation>变化起始时间（留空：自上次同步；“全部”：全部图斑）</translation>
        </message>
        <message>
            <source>Field mapping (ledger_field=column;…; empty: proposed)</source>
            <translation>字段对应（台账字段=列名;…；留空：自动建议）</translation>
        </message>
        <message>
            <source>The service's “changed since” query parameter (empty: OGC API datetime)</source>
            <translation>服务的“变化起始时间”查询参数（留空：OGC API 的 datetime）</translation>
        </message>
        <message>
            <source>Patches per page</source>
            <translation>每页图斑数</translation>
        </message>
        <message>
            <source>Attempts per page (slow or busy service)</source>
            <translation>每页最多请求次数（服务慢或繁忙时）</translation>
        </message>
        <message>
            <source>Patches downloaded</source>
            <translation>下载的图斑数</translation>
        </message>
        <message>
            <source>Pages downloaded</source>
            <translation>下载的页数</translation>
        </message>
        <message>
            <source>Last sync recorded</source>
            <translation>记录的同步时间</translation>
        </message>
        <message>
            <source>No patch changed: nothing to import</source>
            <translation>没有变化的图斑：无需导入</translation>
        </message>
        <message>
            <source>Downloaded {fetched} patches in {pages} pages</source>
            <translation>共下载 {pages} 页、{fetched} 个图斑</translation>
        </message>
        <message>
            <source>“Changed since” {value} is not a date or time (e.g. 2024-05-01 or 2024-05-01T08:00:00Z)</source>
            <translation>“变化起始时间” {value} 不是日期或时间（例如 2024-05-01 或 2024-05-01T08:00:00Z）</translation>
        </message>
        <message>
            <source>Last sync of {url} recorded: {stamp}</source>
            <translation>已记录 {url} 的同步时间：{stamp}</translation>
        </message>
        <message>
            <source>Village maps (PDF, PNG)</source>
            <translation>村级图件（PDF、PNG）</translation>
        </message>
        <message>
            <source>Prints one map per village for mobilization meetings, and a township overview first: the violations coloured by status with their case numbers, the village filling the frame and its neighbours dimmed, parcels and permits faint beneath, a legend of what is on the page, scale bar and numeric scale, north arrow, an inset locating the village, a statistics table (cases and area by status, demolished against the village's quota, overdue cases; the numbers of the progress summary), the coordinate system, the producer, the report date and the data date. Writes a PDF and a PNG per page and one merged PDF. The layout is resources/layouts/village_map.qpt; a copy named 两违村级图 in the ledger's project is used instead when there is one.</source>
            <translation>为动员会逐村出图，首页为全镇总图：违法图斑按处置状态着色并标注案件编号，本村充满图框、相邻村淡化，宗地和许可淡显于下；图例只列本页内容；比例尺与数字比例尺、指北针、村位置示意图；统计表（按状态的宗数和面积、拆除面积与本村任务、逾期案件，与整治进度汇总一致）；坐标系说明、制图单位、报告日期和数据日期。每页输出 PDF 和 PNG，并合并为一个 PDF。布局模板为 resources/layouts/village_map.qpt；台账工程中有名为“两违村级图”的布局时，使用该布局。</translation>
        </message>
        <message>
            <source>Legend</source>
            <translation>图例</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>项目</translation>
        </message>
        <message>
            <source>Cases</source>
            <translation>宗数</translation>
        </message>
        <message>
            <source>Total found</source>
            <translation>立案合计</translation>
        </message>
        <message>
            <source>Demolished / quota</source>
            <translation>已拆除 / 任务</translation>
        </message>
        <message>
            <source>Report date: {date}</source>
            <translation>报告日期：{date}</translation>
        </message>
        <message>
            <source>Data as of: {date}</source>
            <translation>数据截至：{date}</translation>
        </message>
        <message>
            <source>Exporting the maps failed: {error}</source>
            <translation>图件导出失败：{error}</translation>
        </message>
        <message>
            <source>Violations by status</source>
            <translation>违法图斑（按状态）</translation>
        </message>
        <message>
            <source>built-in village map layout</source>
            <translation>内置村级图布局</translation>
        </message>
        <message>
            <source>Village codes, separated by commas (empty: every village)</source>
            <translation>村代码，用逗号分隔（留空为全部村）</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>纸张</translation>
        </message>
        <message>
            <source>Orientation</source>
            <translation>方向</translation>
        </message>
        <message>
            <source>Resolution of the PNG pages (dpi)</source>
            <translation>PNG 分辨率（dpi）</translation>
        </message>
        <message>
            <source>Basemap</source>
            <translation>底图</translation>
        </message>
        <message>
            <source>Tianditu token (authentication configuration; empty: the one saved)</source>
            <translation>天地图 Key（认证配置；留空则用已保存的）</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <source>Merged PDF</source>
            <translation>合并 PDF</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>页数</translation>
        </message>
        <message>
            <source>Landscape</source>
            <translation>横向</translation>
        </message>
        <message>
            <source>Portrait</source>
            <translation>纵向</translation>
        </message>
        <message>
            <source>Layout: {source}</source>
            <translation>布局：{source}</translation>
        </message>
        <message>
            <source>{count} pages written to {folder}</source>
            <translation>已输出 {count} 页到 {folder}</translation>
        </message>
        <message>
            <source>The layout lacks the items {ids}</source>
            <translation>布局中缺少以下元素：{ids}</translation>
        </message>
        <message>
            <source>No village with the code(s) {codes}</source>
            <translation>没有村代码为 {codes} 的村</translation>
        </message>
        <message>
            <source>Villages without a boundary: {names}</source>
            <translation>以下村没有村界：{names}</translation>
        </message>
        <message>
            <source>Campaign settings</source>
            <translation>整治任务设置</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇</translation>
        </message>
        <message>
            <source>Demolition target</source>
            <translation>拆除目标面积</translation>
        </message>
        <message>
            <source>Campaign starts on</source>
            <translation>整治开始日期</translation>
        </message>
        <message>
            <source>Zero-growth date (later violations are new)</source>
            <translation>零增长日期（此后发生的为新增违法）</translation>
        </message>
        <message>
            <source>Days allowed to restore a new violation</source>
            <translation>新增违法恢复期限（天）</translation>
        </message>
        <message>
            <source>Producer unit</source>
            <translation>制图（制表）单位</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Evidence folder</source>
            <translation>取证材料文件夹</translation>
        </message>
        <message>
            <source>No ledger in this project: open a ledger first.</source>
            <translation>当前工程中没有台账：请先打开台账。</translation>
        </message>
        <message>
            <source>a network folder every office computer reaches</source>
            <translation>各办公电脑都能访问的网络共享文件夹</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Milestones (date, share of the target)</source>
            <translation>时间节点（日期、应完成目标的比例）</translation>
        </message>
        <message>
            <source>Share of target</source>
            <translation>占目标比例</translation>
        </message>
        <message>
            <source>Add milestone</source>
            <translation>添加节点</translation>
        </message>
        <message>
            <source>Remove milestone</source>
            <translation>删除节点</translation>
        </message>
        <message>
            <source>Village quotas (automatic: the rest of the target shared by area found)</source>
            <translation>各村拆除任务（自动：其余目标按各村立案面积分配）</translation>
        </message>
        <message>
            <source>automatic</source>
            <translation>自动分配</translation>
        </message>
        <message>
            <source>Quotas set by hand: {sum:,.2f} m² of {target:,.2f} m².</source>
            <translation>手工设定任务合计{sum:,.2f}㎡，目标{target:,.2f}㎡。</translation>
        </message>
        <message>
            <source>They exceed the target: lower them or raise the target.</source>
            <translation>已超过目标：请调低各村任务或提高目标。</translation>
        </message>
        <message>
            <source>Draw a violation</source>
            <translation>标绘违法图斑</translation>
        </message>
        <message>
            <source>Take a parcel or patch as a violation</source>
            <translation>拾取宗地或图斑为违法图斑</translation>
        </message>
        <message>
            <source>Split a case</source>
            <translation>分割案件</translation>
        </message>
        <message>
            <source>Case tools</source>
            <translation>案件工具</translation>
        </message>
        <message>
            <source>Operator name…</source>
            <translation>操作人姓名…</translation>
        </message>
        <message>
            <source>Operator name</source>
            <translation>操作人姓名</translation>
        </message>
        <message>
            <source>Name written into the case history (empty: the QGIS user name)</source>
            <translation>写入处置记录的姓名（留空则用QGIS用户名）</translation>
        </message>
        <message>
            <source>A case card is already being printed</source>
            <translation>正在打印一份案件卡片</translation>
        </message>
        <message>
            <source>see the Processing log</source>
            <translation>详见处理日志</translation>
        </message>
        <message>
            <source>Printing the case card of {case_id}…</source>
            <translation>正在打印案件 {case_id} 的案件卡片…</translation>
        </message>
        <message>
            <source>Select one case of the layer {layer} on the map first</source>
            <translation>请先在地图上选择图层 {layer} 中的一宗案件</translation>
        </message>
        <message>
            <source>{count} cases are selected: printing the first, {case_id}</source>
            <translation>选中了 {count} 宗案件：打印第一宗 {case_id}</translation>
        </message>
        <message>
            <source>The case card could not be printed: {reason}</source>
            <translation>案件卡片打印失败：{reason}</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>未保存</translation>
        </message>
        <message>
            <source>Not saved: {count} case(s) were saved by someone else after you read them</source>
            <translation>未保存：有 {count} 个案件在您读取后已被他人修改并保存</translation>
        </message>
        <message>
            <source>Not saved, the workflow does not allow it:</source>
            <translation>未保存，处置流程不允许：</translation>
        </message>
        <message>
            <source>The check of the changed cases failed: {error}</source>
            <translation>修改过的案件重新核查失败：{error}</translation>
        </message>
        <message>
            <source>no village</source>
            <translation>不在任何村内</translation>
        </message>
        <message>
            <source>Case {case}: {village}, footprint {area} m², {kind}</source>
            <translation>案件 {case}：{village}，占地面积 {area} ㎡，{kind}</translation>
        </message>
        <message>
            <source>Split case</source>
            <translation>分割案件</translation>
        </message>
        <message>
            <source>Open a ledger first (Land violations → Open ledger…)</source>
            <translation>请先打开台账（两违整治 → 打开台账…）</translation>
        </message>
        <message>
            <source>no suggested type</source>
            <translation>无建议违法类型</translation>
        </message>
        <message>
            <source>No parcel or patch here</source>
            <translation>此处没有宗地或图斑</translation>
        </message>
        <message>
            <source>The line crosses no case</source>
            <translation>分割线没有穿过任何案件</translation>
        </message>
        <message>
            <source>New case {case}</source>
            <translation>新案件 {case}</translation>
        </message>
        <message>
            <source>Split into new cases {cases}; save the layer to keep them</source>
            <translation>已分割出新案件 {cases}；保存图层后生效</translation>
        </message>
        <message>
            <source>Select the violations layer of a ledger (违法图斑) first</source>
            <translation>请先选中台账的违法图斑图层</translation>
        </message>
        <message>
            <source>This feature has no case number</source>
            <translation>该要素没有案件编号</translation>
        </message>
        <message>
            <source>{count} files attached to case {case_id} ({photos} photos)</source>
            <translation>已为案件 {case_id} 添加 {count} 个文件（其中照片 {photos} 张）</translation>
        </message>
        <message>
            <source>; the photos carry no EXIF time</source>
            <translation>；照片中没有 EXIF 拍摄时间</translation>
        </message>
        <message>
            <source>Photos, videos and documents</source>
            <translation>照片、视频和文档</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>文档</translation>
        </message>
        <message>
            <source>Attach evidence to case {case_id}</source>
            <translation>为案件 {case_id} 附加取证材料</translation>
        </message>
        <message>
            <source>; taken (EXIF): {when}</source>
            <translation>；拍摄时间（EXIF）：{when}</translation>
        </message>
        <message>
            <source>; {count} with position</source>
            <translation>；{count} 张带拍摄位置</translation>
        </message>
        <message>
            <source>Select exactly one case on the map or in the attribute table ({count} selected)</source>
            <translation>请在地图或属性表中只选中一宗案件（当前选中 {count} 宗）</translation>
        </message>
        <message>
            <source>Ledger created</source>
            <translation>台账已创建</translation>
        </message>
        <message>
            <source>Open ledger</source>
            <translation>打开台账</translation>
        </message>
        <message>
            <source>Enable the Processing plugin to see the toolbox</source>
            <translation>请启用“处理”插件以显示工具箱</translation>
        </message>
        <message>
            <source>The ledger and its project were written:
{path}

Open the project now?</source>
            <translation>台账及其工程已写入：
{path}

现在打开该工程吗？</translation>
        </message>
        <message>
            <source>Load office layers</source>
            <translation>加载本单位图层</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Cancel import</source>
            <translation>取消导入</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>canceled: the ledger table was not changed</source>
            <translation>已取消：台账表未改变</translation>
        </message>
        <message>
            <source>Importing {table}…</source>
            <translation>正在导入{table}…</translation>
        </message>
        <message>
            <source>Shared ledger {ledger}</source>
            <translation>共享台账 {ledger}</translation>
        </message>
        <message>
            <source>the ledger table is being edited; save or discard the edits first</source>
            <translation>台账表正在编辑，请先保存或放弃编辑</translation>
        </message>
        <message>
            <source>{table}: {written} rows written, {repaired} geometries repaired, {exploded} rows from multipart features</source>
            <translation>{table}：写入 {written} 行，修复几何 {repaired} 个，多部件拆分增加 {exploded} 行</translation>
        </message>
        <message>
            <source>the text is unreadable (�): click “Use {encoding}” first</source>
            <translation>文字无法识别（显示为 �）：请先点击“使用 {encoding}”</translation>
        </message>
        <message>
            <source>{table}: not imported: {reason}</source>
            <translation>{table}：未导入：{reason}</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Database connection</source>
            <translation>数据库连接</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>数据来源</translation>
        </message>
        <message>
            <source>Table in the file</source>
            <translation>文件中的表</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>表</translation>
        </message>
        <message>
            <source>Replace the rows already in the ledger table (else append)</source>
            <translation>替换台账表中原有数据（否则追加）</translation>
        </message>
        <message>
            <source>Ledger field</source>
            <translation>台账字段</translation>
        </message>
        <message>
            <source>Source field</source>
            <translation>源字段</translation>
        </message>
        <message>
            <source>Field mapping (proposed; correct it where it is wrong)</source>
            <translation>字段对应（自动建议，如有错误请修改）</translation>
        </message>
        <message>
            <source>Preview: the first rows as they will be stored</source>
            <translation>预览：前几行将按如下内容写入</translation>
        </message>
        <message>
            <source>Import into {table}</source>
            <translation>导入到{table}</translation>
        </message>
        <message>
            <source>The text of this file is not valid {current} (shown as �): it was probably written in {fix}. The file itself is not changed.</source>
            <translation>此文件的文字不是有效的 {current}（显示为 �），可能是 {fix} 编码。文件本身不会被修改。</translation>
        </message>
        <message>
            <source>Use {encoding}</source>
            <translation>使用 {encoding}</translation>
        </message>
        <message>
            <source>(not imported)</source>
            <translation>（不导入）</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Maps of the villages selected on the map (every village when none is)</source>
            <translation>打印地图上选中村的图件（未选中时打印全部村）</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>各村</translation>
        </message>
        <message>
            <source>No ledger in this project: open a ledger or the sample township.</source>
            <translation>当前工程中没有台账：请打开台账或示例乡镇。</translation>
        </message>
        <message>
            <source>{town}: campaign progress</source>
            <translation>{town}两违整治进度</translation>
        </message>
        <message>
            <source>{done:,.2f} of {target:,.0f} m² demolished ({pct:.1f} %)</source>
            <translation>已拆除{done:,.2f}㎡ / 目标{target:,.0f}㎡（{pct:.1f}%）</translation>
        </message>
        <message>
            <source>Next milestone {milestone}: {need:,.2f} m² still to demolish. {light}.</source>
            <translation>下一节点{milestone}：尚需拆除{need:,.2f}㎡。{light}。</translation>
        </message>
        <message>
            <source>All milestones have passed. {light}.</source>
            <translation>时间节点均已过。{light}。</translation>
        </message>
        <message>
            <source>Overdue cases ({count})</source>
            <translation>逾期案件（{count}）</translation>
        </message>
        <message>
            <source>At the pace of the last 30 days the target is reached on {day}.</source>
            <translation>按近30天进度，预计{day}完成目标。</translation>
        </message>
        <message>
            <source>Tianditu token</source>
            <translation>天地图 Key</translation>
        </message>
        <message>
            <source>The Tianditu key (tk) for the basemap of the village maps. It is kept in the QGIS authentication database, protected by the master password; settings and projects keep only the id of its configuration. Use a server key allowed for this computer's IP address.</source>
            <translation>村级图件底图所用的天地图 Key（tk）。它保存在 QGIS 认证数据库中，由主密码保护；设置和工程中只保存其认证配置 ID。请使用“服务器端”类型、并允许本机 IP 地址访问的 Key。</translation>
        </message>
        <message>
            <source>A token is stored; enter a new one to replace it</source>
            <translation>已保存 Key；输入新的 Key 即可替换</translation>
        </message>
        <message>
            <source>Paste the key from console.tianditu.gov.cn</source>
            <translation>粘贴在 console.tianditu.gov.cn 申请的 Key</translation>
        </message>
        <message>
            <source>Saved by someone else meanwhile</source>
            <translation>案件已被他人修改</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Keep mine</source>
            <translation>保留我的修改</translation>
        </message>
        <message>
            <source>Write your changed fields onto the case as stored; its other fields stay</source>
            <translation>把您修改的字段写到库中现有的案件上，其他字段保持库中的值</translation>
        </message>
        <message>
            <source>Discard your changes of this case and show it as stored</source>
            <translation>放弃您对该案件的修改，显示库中的案件</translation>
        </message>
        <message>
            <source>Decide later</source>
            <translation>稍后再定</translation>
        </message>
        <message>
            <source>Your value</source>
            <translation>您的值</translation>
        </message>
        <message>
            <source>Stored value</source>
            <translation>库中的值</translation>
        </message>
        <message>
            <source>Case {case} ({number} of {count}) was saved by {who} at {when} after you read it: you read version {base}, the ledger holds version {stored}. Your save was not written. Rows marked {mark} differ. Keep mine writes the fields you changed onto the stored case; Reload discards your changes of this case.</source>
            <translation>案件 {case}（第 {number} 个，共 {count} 个）在您读取后已由 {who} 于 {when} 修改并保存：您读取的是版本 {base}，库中现为版本 {stored}。您的保存未写入。标有 {mark} 的行两边不同。“保留我的修改”把您改过的字段写到库中现有的案件上；“重新读取”放弃您对该案件的修改。</translation>
        </message>
        <message>
            <source>you changed it</source>
            <translation>您修改了此字段</translation>
        </message>
        <message>
            <source>changed by someone else since you read the case</source>
            <translation>您读取后他人修改了此字段</translation>
        </message>
        <message>
            <source>Saving again failed: {errors}</source>
            <translation>再次保存失败：{errors}</translation>
        </message>
        <message>
            <source>Printing the maps of every village…</source>
            <translation>正在打印全部村的图件……</translation>
        </message>
        <message>
            <source>Village maps</source>
            <translation>村级图件</translation>
        </message>
        <message>
            <source>Village maps are already being printed</source>
            <translation>村级图件正在打印中</translation>
        </message>
        <message>
            <source>Folder for the village maps</source>
            <translation>村级图件的输出文件夹</translation>
        </message>
        <message>
            <source>village maps {date}</source>
            <translation>村级图_{date}</translation>
        </message>
        <message>
            <source>Printing the maps of {count} villages…</source>
            <translation>正在打印 {count} 个村的图件……</translation>
        </message>
        <message>
            <source>Printing the village maps was canceled</source>
            <translation>已取消打印村级图件</translation>
        </message>
        <message>
            <source>{count} map pages written to {folder}</source>
            <translation>已输出 {count} 页图件到 {folder}</translation>
        </message>
        <message>
            <source>The village maps could not be printed: {reason}</source>
            <translation>村级图件打印失败：{reason}</translation>
        </message>
    </context>
</TS>
