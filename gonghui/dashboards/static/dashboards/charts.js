/* 数据看板: draw the ECharts options the page carries in <script id="dashboard-charts" type="application/json">
   and open a child's statistics when its bar is clicked (the drill-down). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var key = el.getAttribute("data-chart");
    var option = data.charts[key];
    if (!option) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    var links = data.links[key];
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
