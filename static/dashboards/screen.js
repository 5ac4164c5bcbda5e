/* 各级总览 big screen: draw the ranking charts the page carries in <script id="page-charts"
   type="application/json"> ({charts: {key: option}, links: {key: [url per bar]}}) with ECharts' built-in dark theme
   into every element with data-chart="key"; a bar opens that child union's big screen. The page reloads itself
   every five minutes through <meta http-equiv="refresh">. */
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
    // canvas tooltips: HTML ones carry style attributes, which the Content-Security-Policy refuses
    [].concat(option.tooltip || []).forEach(function (tooltip) { tooltip.renderMode = "richText"; });
    var chart = echarts.init(el, "dark");
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
