/* 法律服务统计: draw the ECharts options carried in <script id="legal-charts" type="application/json">; a click on a
   bar with a link (a child union) opens it — the drill-down. */
(function () {
  "use strict";
  var source = document.getElementById("legal-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var drawn = [];
  document.querySelectorAll("[data-legal-chart]").forEach(function (el) {
    var key = el.getAttribute("data-legal-chart");
    var option = data.charts[key];
    if (!option) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    var links = data.links[key];
    if (links) {
      chart.on("click", function (params) {
        var url = links[params.dataIndex];
        if (url) { window.location.href = url; }
      });
    }
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
