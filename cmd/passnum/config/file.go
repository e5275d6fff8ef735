package config

import (
	"fmt"
	"strings"
	"time"
)

// The TOML shape of the file. Pointers tell "left out" (default applies) from "written".

type fileConfig struct {
	Store       fileStore        `toml:"store"`
	Local       fileLocal        `toml:"local"`
	SSH         fileSSH          `toml:"ssh"`
	Users       []fileUser       `toml:"users"`
	Territory   *fileTerritory   `toml:"territory"`
	Communes    []fileCommune    `toml:"communes"`
	Prescribers []filePrescriber `toml:"prescribers"`
	Programmes  []fileProgramme  `toml:"programmes"`
	Retention   fileRetention    `toml:"retention"`

	communeLines []int // line of each [[communes]] header, for the messages
}

// fileTerritory names the territory in one of four ways (one key only):
// territory = { epci = "246200364" }, { departement = "23" }, { region = "32" } or
// { communes = ["60175", "60414"] }.
type fileTerritory struct {
	EPCI        string   `toml:"epci"`
	Departement string   `toml:"departement"`
	Region      string   `toml:"region"`
	Communes    []string `toml:"communes"`
}

// fileRetention: how long the ledger keeps a person's identity once their programmes ended.
type fileRetention struct {
	MonthsAfterEnd *int `toml:"months_after_end"`
}

type fileStore struct {
	Path *string `toml:"path"`
}

type fileLocal struct {
	User string `toml:"user"`
}

type fileSSH struct {
	Listen      *string        `toml:"listen"`
	HostKey     *string        `toml:"host_key"`
	IdleTimeout *durationValue `toml:"idle_timeout"`
	MaxSessions *int           `toml:"max_sessions"`
}

type fileUser struct {
	ID         string   `toml:"id"`
	Name       string   `toml:"name"`
	Role       string   `toml:"role"`
	Prescriber string   `toml:"prescriber"`
	Place      string   `toml:"place"`
	Keys       []string `toml:"keys"`
}

type fileCommune struct {
	INSEE         string   `toml:"insee"`
	Name          string   `toml:"name"`
	Lat           *float64 `toml:"lat"`
	Lon           *float64 `toml:"lon"`
	QPV           []string `toml:"qpv"`
	QPVPopulation int      `toml:"qpv_population"`
}

type filePrescriber struct {
	ID      string `toml:"id"`
	Name    string `toml:"name"`
	Commune string `toml:"commune"`
	Phone   string `toml:"phone"`
}

type fileProgramme struct {
	ID                string       `toml:"id"`
	Name              string       `toml:"name"`
	Operator          string       `toml:"operator"`
	ChequeValueCents  int          `toml:"cheque_value_cents"`
	ChequesPerCarnet  int          `toml:"cheques_per_carnet"`
	ValidFrom         dateValue    `toml:"valid_from"`
	ValidUntil        dateValue    `toml:"valid_until"`
	ToleranceDays     *int         `toml:"tolerance_days"` // absent: APTIC's 30
	AlertDays         *int         `toml:"alert_days"`     // absent: APTIC's 30 (alert at J-30)
	StopDays          *int         `toml:"stop_days"`      // absent: APTIC's 15 (distribution stops at J-15)
	LastCallDays      *int         `toml:"last_call_days"` // absent: APTIC's 7 (last call at J-7)
	ChequesPerSession *int         `toml:"cheques_per_session"`
	MaxSessionMinutes int          `toml:"max_session_minutes"`
	BudgetCents       int64        `toml:"budget_cents"`
	TargetPeople      *int         `toml:"target_people"`  // optional: people to reach (figures)
	TargetCarnets     *int         `toml:"target_carnets"` // optional: carnets to hand over (figures)
	RecognisedLabels  []string     `toml:"recognised_labels"`
	ExclusiveWith     []string     `toml:"exclusive_with"` // programmes a person may not hold as well
	Limits            fileLimits   `toml:"limits"`
	Funders           []fileFunder `toml:"funders"`
	Publics           []filePublic `toml:"publics"`
}

type fileLimits struct {
	CarnetsPerPerson    int `toml:"carnets_per_person"`
	CarnetsPerHousehold int `toml:"carnets_per_household"`
	// Accompanied cap and extra on request (Hauts-de-France); 0: none.
	CarnetsPerPersonAccompanied int   `toml:"carnets_per_person_accompanied"`
	ExtraOnRequest              int   `toml:"extra_on_request"`
	LostReplacement             *bool `toml:"lost_replacement"`   // absent: true (a lost carnet may be replaced)
	LostCountsInCap             *bool `toml:"lost_counts_in_cap"` // absent: false (it no longer counts)
}

type fileFunder struct {
	Name         string `toml:"name"`
	SharePercent int    `toml:"share_percent"`
}

type filePublic struct {
	ID                  string   `toml:"id"`
	Name                string   `toml:"name"`
	AgeMin              *int     `toml:"age_min"`
	AgeMax              *int     `toml:"age_max"`
	MaxDiploma          string   `toml:"max_diploma"`
	Statuses            []string `toml:"statuses"`
	Residence           string   `toml:"residence"`
	MaxQuotientFamilial *int     `toml:"max_quotient_familial"`
	Proof               string   `toml:"proof"`
}

// dateValue is a calendar day written as a TOML local date (2026-01-01) or as a string
// ("2026-01-01"). It is kept at midnight UTC, like domain.Day.
type dateValue struct {
	t   time.Time
	set bool
}

func (d *dateValue) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case time.Time:
		if x.Location().String() == "time-local" {
			return fmt.Errorf("%s est une heure, pas une date : écrivez la date AAAA-MM-JJ, ex. 2026-01-01", x.Format("15:04:05"))
		}
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			return fmt.Errorf("%s contient une heure : écrivez seulement la date, ex. %s", x.Format(time.RFC3339), x.Format(time.DateOnly))
		}
		d.t, d.set = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), true
	case string:
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(x))
		if err != nil {
			return fmt.Errorf("date « %s » illisible : écrivez-la AAAA-MM-JJ, ex. 2026-01-01", x)
		}
		d.t, d.set = t, true
	default:
		return fmt.Errorf("une date est attendue (AAAA-MM-JJ, ex. 2026-01-01), pas « %v »", v)
	}
	return nil
}

// durationValue is a duration written as a string with its unit: "15m", "1h30m", "90s".
type durationValue struct {
	d time.Duration
}

func (d *durationValue) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("écrivez la durée entre guillemets avec son unité, ex. \"15m\" ou \"1h\" (pas « %v »)", v)
	}
	x, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("durée « %s » illisible : écrivez par ex. \"15m\", \"1h\" ou \"90s\"", s)
	}
	d.d = x
	return nil
}
