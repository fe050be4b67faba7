/* Draws every <canvas data-chart="id-of-json-script"> as a bar chart; the table beside it has the same data. */
(function () {
  if (typeof Chart === "undefined") { return; }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: data.type || "bar",
      data: { labels: data.labels, datasets: (data.datasets || [{ label: data.label || "", data: data.counts }]).map(function (d, i) {
        var colours = ["#1a4b8c", "#d52b1e", "#2e7d32", "#ef8a00", "#777777"];
        d.backgroundColor = d.backgroundColor || (data.datasets ? colours[i % colours.length] : colours.slice(0, data.labels.length));
        return d;
      }) },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: !!data.datasets } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, max: data.max || undefined } } }
    });
  });
})();
