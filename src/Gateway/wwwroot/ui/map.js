// Maps on the pages: Leaflet (served by the node, /ui/vendor/leaflet), with tiles only when the deployment names a
// tile server (Map:TileUrl); without one the map is drawn on a plain background, which is what a closed court
// network has. Pages load /ui/vendor/leaflet/leaflet.css and leaflet.js (the global L) before their module.

let settings = null;

/** What the pages read of the settings: { tileUrl, tileAttribution }. */
export async function pageSettings() {
  if (!settings) {
    const response = await fetch('/ui/settings.json', { headers: { Accept: 'application/json' } });
    settings = response.ok ? await response.json() : {};
  }
  return settings;
}

/** A Leaflet map in `element`, centred on [lat, lon] (Shanghai by default), with the tile layer if one is set. */
export async function createMap(element, { center = [31.23, 121.47], zoom = 10 } = {}) {
  const { tileUrl, tileAttribution } = await pageSettings();
  element.classList.add('map', tileUrl ? 'map-tiles' : 'map-plain');
  const map = L.map(element, { center, zoom, zoomControl: true, attributionControl: Boolean(tileUrl) });
  if (tileUrl) { L.tileLayer(tileUrl, { attribution: tileAttribution ?? '', maxZoom: 19 }).addTo(map); }
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/** [lat, lon] pairs of a list of { latitude, longitude }. */
export const latLngs = (points) => points.map((point) => [point.latitude, point.longitude]);

/** Fits the map to every layer in `layers` that has bounds, if any. */
export function fitTo(map, layers, padding = 24) {
  const bounds = L.latLngBounds([]);
  for (const layer of layers) {
    if (layer.getBounds) { bounds.extend(layer.getBounds()); } else if (layer.getLatLng) { bounds.extend(layer.getLatLng()); }
  }
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [padding, padding], maxZoom: 15 }); }
}

/** A small round marker (no image needed), coloured by a CSS class. */
export function dot(latLng, className, title) {
  return L.circleMarker(latLng, { radius: 7, className, weight: 2, fillOpacity: 0.9 }).bindTooltip(title ?? '');
}
