// report.html's charts: reads the ChartSpec list (report/charts.ts) from the page's JSON block and draws each
// with uPlot, inlined beside this script. A scenario's time charts zoom together (drag to zoom, double-click
// to reset). Each drawn chart records its point count in data-points, which the Chromium test reads.
(function () {
  'use strict';
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  var specs = JSON.parse(document.getElementById('loadgate-charts').textContent || '[]');
  var groups = {};

  function width() {
    return Math.max(320, Math.min(640, document.documentElement.clientWidth - 64));
  }

  function seriesOpts(spec, s, i) {
    var color = s.color || COLORS[i % COLORS.length];
    var o = { label: s.label, stroke: color, width: 2, spanGaps: false };
    if (s.dashed) o.dash = [6, 4];
    if (spec.kind === 'bars' && !s.points && !s.dashed) {
      // Widest first, so each bar stands in front of the one drawn before it.
      var size = s.color ? 0.6 : Math.max(0.2, 0.8 - 0.2 * i);
      o.paths = uPlot.paths.bars({ size: [size, Math.round(150 * size)] });
      o.fill = color + 'cc';
      o.points = { show: false };
    }
    if (s.points) {
      o.paths = function () {
        return null;
      };
      o.points = { show: true, size: 8, stroke: color, fill: color };
    }
    return o;
  }

  function syncZoom(group) {
    return function (u, key) {
      if (key !== 'x' || u._syncing) return;
      var min = u.scales.x.min;
      var max = u.scales.x.max;
      (groups[group] || []).forEach(function (other) {
        if (other === u || (other.scales.x.min === min && other.scales.x.max === max)) return;
        other._syncing = true;
        other.setScale('x', { min: min, max: max });
        other._syncing = false;
      });
    };
  }

  function draw(spec) {
    var el = document.querySelector('[data-chart="' + spec.id + '"]');
    if (!el) throw new Error('no element for chart ' + spec.id);
    var opts = {
      title: spec.title,
      width: width(),
      height: 260,
      scales: { x: { time: false } },
      axes: [{ label: spec.xLabel }, { label: spec.yLabel, size: 60 }],
      series: [{ label: spec.xLabel }].concat(
        spec.series.map(function (s, i) {
          return seriesOpts(spec, s, i);
        }),
      ),
      hooks: {},
    };
    if (spec.kind === 'bars') {
      var n = spec.x.length;
      opts.scales.x.range = [-0.5, n - 0.5];
      opts.axes[0].splits = function () {
        return spec.x;
      };
      opts.axes[0].values = function (u, splits) {
        return splits.map(function (i) {
          return spec.categories[i] === undefined ? '' : spec.categories[i];
        });
      };
      opts.scales.y = {
        range: function (u, min, max) {
          return [0, max > 0 ? max * 1.1 : 1];
        },
      };
      opts.cursor = { drag: { x: false, y: false } };
    }
    if (spec.group) {
      opts.cursor = { sync: { key: spec.group } };
      opts.hooks.setScale = [syncZoom(spec.group)];
    }
    var data = [spec.x].concat(
      spec.series.map(function (s) {
        return s.values;
      }),
    );
    var plot = new uPlot(opts, data, el);
    if (spec.group) (groups[spec.group] = groups[spec.group] || []).push(plot);
    el.setAttribute('data-points', String(spec.x.length));
  }

  var failed = [];
  specs.forEach(function (spec) {
    try {
      draw(spec);
    } catch (err) {
      failed.push(err);
    }
  });
  // One chart's error must not blank the others, and must still reach the console.
  failed.forEach(function (err) {
    setTimeout(function () {
      throw err;
    });
  });
})();
