// The forecast page's chart: forecast (weighted) and won per month as bars, accuracy as a line on its
// own axis. Data comes from the page's JSON block (the CSP allows no inline script). A bar opens the
// records behind it; the PNG button saves the chart as drawn.
(function () {
    'use strict';
    var block = document.getElementById('fs-forecast-data');
    var element = document.getElementById('fs-forecast-chart');
    if (!block || !element || !window.echarts) return;
    var data = JSON.parse(block.textContent);
    if (!data) return;
    var narrow = window.matchMedia('(max-width: 576px)');
    element.style.width = '100%';
    element.style.height = narrow.matches ? '280px' : '340px';
    var chart = window.echarts.init(element);
    chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: [data.labels.forecast, data.labels.won, data.labels.accuracy], top: 0 },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.months },
        yAxis: [
            { type: 'value' },
            { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } }
        ],
        series: [
            { name: data.labels.forecast, type: 'bar', data: data.forecast },
            { name: data.labels.won, type: 'bar', data: data.won },
            { name: data.labels.accuracy, type: 'line', yAxisIndex: 1, data: data.accuracy, connectNulls: false }
        ]
    });
    chart.on('click', function (params) {
        var links = params.seriesIndex === 1 ? data.wonLinks : params.seriesIndex === 0 ? data.forecastLinks : null;
        if (links && links[params.dataIndex]) window.location.href = links[params.dataIndex];
    });
    window.addEventListener('resize', function () {
        element.style.height = narrow.matches ? '280px' : '340px';
        chart.resize();
    });
    var png = document.getElementById('fs-forecast-png');
    if (png) {
        png.addEventListener('click', function () {
            var link = document.createElement('a');
            link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
            link.download = 'forecast.png';
            document.body.appendChild(link);
            link.click();
            link.remove();
        });
    }
})();
