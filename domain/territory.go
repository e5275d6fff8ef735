package domain

import "math"

// Commune is a commune of the territory, with its centre and its priority neighbourhoods (QPV).
type Commune struct {
	INSEE         string
	Name          string
	Lat, Lon      float64
	QPV           []string
	QPVPopulation int
	// NoCoords: the configuration gives no centre (a commune taken from the official list):
	// orientation then falls back to same commune, same EPCI, same département.
	NoCoords    bool
	EPCI        string   // SIREN of its intercommunalité, "" when unknown
	Departement string   // "" when unknown
	PostalCodes []string // from the official list, when known
}

// HasCoords reports whether the commune's centre is known.
func (c Commune) HasCoords() bool { return !c.NoCoords }

// HasQPV reports whether name is one of the commune's QPV.
func (c Commune) HasQPV(name string) bool { return name != "" && contains(c.QPV, name) }

// Prescriber is a structure that hands carnets over after a diagnostic.
type Prescriber struct {
	ID      string
	Name    string
	Commune string // INSEE
	Phone   string // printed on the courrier, so the person can call the desk back
}

// DistanceKm is the great-circle distance between two points, in kilometres.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthRadiusKm = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// PrescriberName is the configured name of a prescriber, "" when the id is unknown.
func PrescriberName(list []Prescriber, id string) string {
	for _, p := range list {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}
