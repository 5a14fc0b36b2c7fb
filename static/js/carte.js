/* Carte à tuiles, pour les sites qui l’ont choisie dans site.toml ([map]) : Leaflet
 * affiche les initiatives de atlas.geojson sur les tuiles déclarées par le site. La
 * carte SVG reste dans la page tant que les tuiles ne sont pas prêtes, et la liste
 * des points reste sous la carte. */
(function () {
  'use strict';
  var el = document.getElementById('carte-tuiles');
  if (!el || !window.L || !window.fetch) return;
  fetch(el.getAttribute('data-geojson')).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (gj) {
    el.hidden = false;
    var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false });
    // Leaflet writes the attribution as HTML: the site's text goes in as text.
    var credit = document.createElement('div');
    credit.textContent = el.getAttribute('data-attribution') || '';
    L.tileLayer(el.getAttribute('data-tiles'), {
      attribution: credit.innerHTML,
      maxZoom: 19
    }).addTo(map);
    var layer = L.geoJSON(gj, {
      pointToLayer: function (f, at) {
        var centre = f.properties.location === 'commune';
        return L.circleMarker(at, {
          radius: centre ? 7 : 6, color: '#fff', weight: 1.5,
          fillColor: centre ? '#0b6b50' : '#b34700', fillOpacity: 0.85
        });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        var box = document.createElement('div');
        var a = document.createElement('a');
        a.href = p.url;
        a.textContent = p.title;
        box.appendChild(a);
        var meta = document.createElement('p');
        meta.textContent = [p.type_name, p.commune_names.join(', ')].filter(Boolean).join(' · ') +
          (p.location === 'commune' ? ' — placée au centre de la commune, faute d’adresse précise' : '');
        box.appendChild(meta);
        l.bindPopup(box);
      }
    }).addTo(map);
    var b = layer.getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [24, 24], maxZoom: 14 });
    else map.setView([46.6, 2.4], 5);
    var svg = document.querySelector('.svgmap-wrap');
    if (svg) svg.hidden = true;
  }).catch(function () { /* la carte SVG reste affichée */ });
})();
