/* Statistics pages (数据看板, 诉求统计, 法律服务统计): draw the ECharts options the page carries in
   <script id="page-charts" type="application/json"> ({charts: {key: option}, links: {key: [url per bar]}}) into every
   element with data-chart="key", and open a bar's link when it is clicked (the drill-down). */
(function () {
  "use strict";
  var source = document.getElementById("page-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var key = el.getAttribute("data-chart");
    var option = data.charts[key];
    if (!option) { return; }
    // Tooltips drawn on the canvas: ECharts' HTML tooltips are markup with style attributes, which the
    // Content-Security-Policy (style-src 'self') refuses.
    [].concat(option.tooltip || []).forEach(function (tooltip) { tooltip.renderMode = "richText"; });
    var chart = echarts.init(el);
    chart.setOption(option);
    var links = (data.links || {})[key];
    if (links) {
      chart.getZr().setCursorStyle("pointer");
      chart.on("click", function (params) {
        var url = links[params.dataIndex];
        if (url) { window.location.href = url; }
      });
    }
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
