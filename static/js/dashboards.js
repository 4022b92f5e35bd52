// Draws each dashboard table's chart from the same figures the table shows (read from the
// page's JSON, which holds only what the table shows: a hidden count is a gap in the bars).
// The tables stay the content; without JavaScript, or if Chart.js cannot load, the page is
// whole without the charts.
(function () {
  'use strict'
  var source = document.getElementById('dashboard-charts')
  if (!source || typeof window.Chart === 'undefined') { return }
  // GOV.UK Frontend's palette, in an order where neighbours contrast.
  var colours = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#6f72af', '#b58840']
  var charts = JSON.parse(source.textContent)
  charts.forEach(function (data) {
    var place = document.querySelector('[data-dashboard-chart="' + data.slug + '"]')
    if (!place) { return }
    var canvas = document.createElement('canvas')
    canvas.setAttribute('aria-hidden', 'true')
    place.appendChild(canvas)
    place.hidden = false
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return { label: series.label, data: series.values, backgroundColor: colours[index % colours.length] }
        })
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: data.stacked },
          y: { stacked: data.stacked, beginAtZero: true, ticks: { callback: function (value) { return value + (data.unit || '') } } }
        },
        plugins: { legend: { position: 'bottom' } }
      }
    })
  })
})()
