// FunnelStudio analytics: draws the dashboard's charts (ECharts) from the JSON the page carries,
// sends a click on a bar, funnel step, point or version mark to its drill-down list, and exports
// a chart as PNG. No inline script or handler: the Content-Security-Policy allows none.
(function () {
  'use strict';

  var charts = {};

  // The period's dates only matter for a custom period: they are not sent otherwise.
  var period = document.getElementById('fs-a-period');
  function customDates() {
    var custom = period && period.value === 'custom';
    document.querySelectorAll('.fs-custom-dates input').forEach(function (input) { input.disabled = !custom; });
  }
  if (period) {
    period.addEventListener('change', customDates);
    document.querySelectorAll('.fs-custom-dates input').forEach(function (input) {
      input.addEventListener('focus', function () { if (period.value !== 'custom') { period.value = 'custom'; customDates(); } });
    });
    customDates();
  }

  var data = document.getElementById('fs-analytics-charts');
  if (!data || typeof echarts === 'undefined') return;
  var specs = JSON.parse(data.textContent || '[]');

  function percent(v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%'; }

  function option(spec) {
    var valueFormat = spec.percent ? percent : null;
    var legend = { show: spec.series.length > 1, type: 'scroll', top: 0 };
    if (spec.type === 'funnel') {
      var s = spec.series[0] || { data: [] };
      return {
        tooltip: { trigger: 'item' },
        series: [{
          type: 'funnel', name: s.name, sort: 'none', gap: 2, left: '5%', width: '90%', minSize: '8%',
          label: { show: true, position: 'inside', formatter: '{b}: {c}' },
          data: s.data.map(function (p) { return { name: p.name, value: p.value, url: p.url }; })
        }]
      };
    }
    if (spec.type === 'bar') {
      return {
        tooltip: { trigger: 'axis' }, legend: legend,
        grid: { left: 8, right: 8, bottom: 8, top: spec.series.length > 1 ? 32 : 16, containLabel: true },
        xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0, rotate: spec.categories.length > 4 ? 30 : 0 } },
        yAxis: { type: 'value' },
        series: spec.series.map(function (s) {
          return { type: 'bar', name: s.name, data: s.data.map(function (p) { return { value: p.value, url: p.url }; }) };
        })
      };
    }
    var marks = (spec.markers || []).map(function (m) { return { xAxis: m.at, name: m.name, url: m.url }; });
    return {
      tooltip: { trigger: 'axis', valueFormatter: valueFormat || undefined }, legend: legend,
      grid: { left: 8, right: 16, bottom: 8, top: spec.series.length > 1 ? 32 : 16, containLabel: true },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: spec.percent ? { formatter: function (v) { return Math.round(v * 100) + '%'; } } : {} },
      series: spec.series.map(function (s, i) {
        var line = {
          type: 'line', name: s.name, showSymbol: true, connectNulls: false,
          lineStyle: s.dashed ? { type: 'dashed', opacity: 0.6 } : undefined,
          data: s.data.map(function (p) { return { value: p.value, url: p.url }; })
        };
        // The days a config version went live, on the first series (one set of marks per chart).
        if (i === 0 && marks.length) {
          line.markLine = { symbol: 'none', silent: false, label: { formatter: '{b}', position: 'insideEndTop' },
            lineStyle: { type: 'solid', color: '#6f42c1' }, data: marks };
        }
        return line;
      })
    };
  }

  specs.forEach(function (spec) {
    var el = document.getElementById('fs-chart-' + spec.id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option(spec));
    chart.on('click', function (params) {
      var url = params.data && params.data.url;
      if (url && url.charAt(0) === '/') window.location.href = url; // only the portal's own links
    });
    charts[spec.id] = chart;
    el.setAttribute('data-ready', 'true');
  });

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });

  // A chart as PNG: ECharts renders it at twice the resolution on white; a link downloads it.
  document.querySelectorAll('.fs-export-png').forEach(function (button) {
    button.addEventListener('click', function () {
      var chart = charts[button.getAttribute('data-chart')];
      if (!chart) return;
      var link = document.createElement('a');
      link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      link.download = 'funnelstudio-' + button.getAttribute('data-chart') + '.png';
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });
})();
