// Report charts: every .fs-report-chart reads the JSON block named by its data-source (the CSP allows
// no inline script) and is drawn with ECharts — one on a report page, one per card on a dashboard;
// the PNG button saves the report page's chart through getDataURL.
(function () {
  'use strict';
  if (typeof echarts === 'undefined') return;
  var charts = {};
  Array.prototype.forEach.call(document.querySelectorAll('.fs-report-chart'), function (host) {
    var dataBlock = document.getElementById(host.getAttribute('data-source'));
    if (dataBlock) charts[host.id] = draw(host, JSON.parse(dataBlock.textContent || '{}'));
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
  var png = document.getElementById('fs-report-png');
  var main = charts['fs-report-chart'];
  if (png && main) {
    png.addEventListener('click', function () {
      var link = document.createElement('a');
      link.href = main.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      link.download = png.getAttribute('data-file') || 'report.png';
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function draw(host, data) {
    var groups = data.groups || 0;
    var rows = data.rows || [];
    var measureName = data.header[groups] || '';
    var label = function (row) { return groups === 0 ? measureName : row.labels[0]; };
    var value = function (row) { return row.values[0] === null ? 0 : Number(row.values[0]); };
    var option;
    if (data.display === 'pie' || data.display === 'funnel') {
      option = {
        tooltip: { trigger: 'item' },
        series: [{
          type: data.display, name: measureName, sort: 'none', radius: data.display === 'pie' ? '65%' : undefined,
          data: rows.map(function (r) { return { name: label(r) + (groups > 1 ? ' · ' + r.labels[1] : ''), value: value(r) }; })
        }]
      };
    } else if (groups === 2) {
      // Two groupings: the first along the axis, one series per value of the second (stacked bars).
      var xs = [], series = {};
      rows.forEach(function (r) {
        if (xs.indexOf(r.labels[0]) < 0) xs.push(r.labels[0]);
        (series[r.labels[1]] = series[r.labels[1]] || {})[r.labels[0]] = value(r);
      });
      option = {
        tooltip: { trigger: 'axis' }, legend: { type: 'scroll' }, xAxis: { type: 'category', data: xs }, yAxis: { type: 'value' },
        series: Object.keys(series).map(function (name) {
          return { name: name, type: data.display, stack: data.display === 'bar' ? 'total' : undefined,
            data: xs.map(function (x) { return series[name][x] || 0; }) };
        })
      };
    } else {
      option = {
        tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: rows.map(label) }, yAxis: { type: 'value' },
        series: [{ name: measureName, type: data.display, data: rows.map(value) }]
      };
    }
    var chart = echarts.init(host);
    chart.setOption(option);
    return chart;
  }
})();
