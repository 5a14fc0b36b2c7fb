package hours

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestFrench(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off", "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h 30 ; samedi 10 h – 12 h ; jours fériés : fermé"},
		{"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00", "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h 30 ; samedi 10 h – 12 h"},
		{"24/7", "24 h sur 24, 7 jours sur 7"},
		{"open", "24 h sur 24, 7 jours sur 7"},
		{"off", "fermé"},
		{"10:00-18:00", "tous les jours, 10 h – 18 h"},
		{"Mo,We,Fr 14:00-16:00", "lundi, mercredi et vendredi, 14 h – 16 h"},
		{"Tu,Th 08:30-12:00", "mardi et jeudi, 8 h 30 – 12 h"},
		{"Fr-Mo 10:00-12:00", "lundi, vendredi, samedi et dimanche, 10 h – 12 h"},
		{"Mo-Fr 10:00-16:00; We 12:00-18:00", "lundi, mardi, jeudi et vendredi, 10 h – 16 h ; mercredi 12 h – 18 h"},
		{"Mo-Fr 09:00-18:00; 12:00-14:00 off", "du lundi au vendredi, 9 h – 12 h et 14 h – 18 h"},
		{"Mo-Sa 09:00-19:00; We off", "lundi, mardi, jeudi, vendredi et samedi, 9 h – 19 h"},
		{"Mo-Fr 09:00-12:00; Aug off", "de janvier à juillet : du lundi au vendredi, 9 h – 12 h ; août : fermé ; de septembre à décembre : du lundi au vendredi, 9 h – 12 h"},
		{"Jan-Jun Mo 10:00-12:00; Jul,Aug off", "de janvier à juin : lundi 10 h – 12 h ; de juillet à décembre : fermé"},
		{"Su,PH 10:00-12:00", "dimanche 10 h – 12 h ; jours fériés : 10 h – 12 h"},
		{"Mo-Fr 00:00-24:00", "du lundi au vendredi, 24 h sur 24"},
		{"Mo-Fr 09:00-12:00; 24/7", "24 h sur 24, 7 jours sur 7"},
		{"open; Mo 15:00-16:00 off", "lundi 0 h – 15 h et 16 h – 24 h ; du mardi au dimanche, 24 h sur 24"},
		{"Mo-Fr 10:00-12:00,11:00-13:00,13:00-14:00", "du lundi au vendredi, 10 h – 14 h"},
	} {
		s, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := strings.ReplaceAll(s.String(), nbsp, " "); got != tc.want {
			t.Errorf("Parse(%q).String()\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		in          string
		off         int
		want        string
		unsupported bool
	}{
		{"", 0, "is empty", false},
		{"Mo-Fr 25:00-26:00", 6, "hour 25:00 goes past midnight, which atlas does not support", true},
		{"Mo-Fr 09:00-49:00", 12, "hour 49:00 does not exist: hours go from 00:00 to 24:00", false},
		{"Mo-Fr 09:60-12:00", 6, "hour 09:60 does not exist: minutes go from 00 to 59", false},
		{"Mx 09:00-12:00", 0, `unknown day "Mx": use Mo, Tu, We, Th, Fr, Sa, Su or PH`, false},
		{"Mo-Fx 09:00-12:00", 3, `unknown day "Fx": use Mo, Tu, We, Th, Fr, Sa, Su or PH`, false},
		{"mo-fr 09:00-12:00", 0, `unknown day "mo": write Mo`, false},
		{"Lundi 09:00-12:00", 0, `unknown day "Lundi": write Mo`, false},
		{"Mo-Fr 9:00-12:00", 6, `hour "9:00" is not written like 09:00: write 09:00`, false},
		{"Mo-Fr 10-12", 6, `hour "10" is not written like 09:00: write 10:00`, false},
		{"Mo-Fr 09h00-12h00", 6, `hour "09" is not written like 09:00: write 09:00`, false},
		{"Mo-Fr 09:00", 6, `09:00 has no end: write 09:00-12:00`, false},
		{"Mo-Fr 12:00-12:00", 6, `12:00-12:00 starts and ends at the same time, which atlas does not read: write 00:00-24:00 for the whole day, or off`, true},
		{"Mo-Fr", 0, `has days or months without hours: add them (Mo-Fr 09:00-18:00), or write 00:00-24:00 for the whole day`, false},
		{"Mo-Fr 10:00-12:00; Sa open", 19, `has days or months without hours: add them (Mo-Fr 09:00-18:00), or write 00:00-24:00 for the whole day`, false},
		{"Mo-Fr 10:00-12:00; off", 19, `has a rule without days nor hours after other rules, which replaces them all: put it first`, false},
		{"24/7; Mo 15:00-16:00 off", 6, `has rules after 24/7: write open instead of 24/7 before them`, false},
		{"10:00-12:00; 14:00-18:00", 13, `has two rules with hours only: join them with "," (10:00-12:00,14:00-18:00)`, false},
		{"Mo 10:00-12:00 open, 17:00-18:00", 19, `an additional rule after "," is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months`, true},
		{"(sunrise+01:00)-sunset", 0, `a time of the sun is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months`, true},
		{"Mo-Fr 22:00-02:00", 6, `22:00-02:00 goes past midnight, which atlas does not support: write 22:00-24:00 and the next day 00:00-02:00`, true},
		{"Mo-Fr 24:00-12:00", 6, `hour 24:00 can only end an interval: write 00:00`, false},
		{"Mo-Fr 09:00-12:00;", 17, `ends with ";": remove it or add a rule after it`, false},
		{"Mo-Fr 09:00-12:00;; Sa off", 18, `has an empty rule: remove the extra ";"`, false},
		{"Mo - Fr 09:00-12:00", 3, `has a space before "-": write Mo-`, false},
		{"Mo-Fr 09:00 - 12:00", 12, `has a space before "-": write 09:00-`, false},
		{"Mo, We 09:00-12:00", 2, `has a space around ",": write Mo,We without spaces`, false},
		{"Mo-Fr 09:00-12:00, 14:00-18:00", 17, `has a space around ",": write 12:00,14:00`, false},
		{"Mo-Fr 09:00-12:00 \"sur rendez-vous\"", 18, "a comment is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo-Fr sunrise-sunset", 6, "a time of the sun (sunrise) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"SH off", 0, "school holidays (SH) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo[1] 09:00-12:00", 2, "a day of the month ([n]) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo-Fr 08:00-12:00, We 14:00-18:00", 17, `an additional rule after "," is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months`, true},
		{"Dec 25 off", 0, "a date (month and day) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"2026 Mo 09:00-12:00", 0, "a year is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo 10:00+", 8, "an open end (+) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo 09:00-12:00 || We off", 15, "a fallback rule (||) is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true},
		{"Mo 09:00-12:00 We", 15, `has "We" out of place: months and days come before the hours`, false},
		{"Mo-Fr 09:00-12:00 fermé", 18, `unknown word "ferm": use days (Mo-Fr), months (Jan-Mar), PH, off or 24/7`, false},
		{"Janvier off", 0, `unknown word "Janvier": use days (Mo-Fr), months (Jan-Mar), PH, off or 24/7`, false},
		{"jan off", 0, `unknown month "jan": write Jan`, false},
		{"Mo-Fr 09:00-12:00 Off", 18, `unknown word "Off": write off`, false},
		{"Mo 09:00-12:00 ×", 15, `has "×" out of place`, false},
	} {
		_, err := Parse(tc.in)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) = %v, want an *Error", tc.in, err)
			continue
		}
		if e.Offset != tc.off || e.Msg != tc.want || e.Unsupported != tc.unsupported {
			t.Errorf("Parse(%q)\n got %d %q %v\nwant %d %q %v", tc.in, e.Offset, e.Msg, e.Unsupported, tc.off, tc.want, tc.unsupported)
		}
	}
}

func TestOpen(t *testing.T) {
	s, err := Parse("Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    Day
		want []Span
	}{
		{Day{Month: 3, Weekday: 0}, []Span{{540, 720}, {840, 1050}}},
		{Day{Month: 3, Weekday: 5}, []Span{{600, 720}}},
		{Day{Month: 3, Weekday: 6}, nil},
		{Day{Month: 5, Weekday: 4, Holiday: true}, nil},
	} {
		got := s.Open(tc.d)
		if len(got) != len(tc.want) {
			t.Errorf("Open(%+v) = %v, want %v", tc.d, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Open(%+v) = %v, want %v", tc.d, got, tc.want)
			}
		}
	}
}

func TestHoliday(t *testing.T) {
	var got []string
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if Holiday(d) {
			got = append(got, d.Format("01-02"))
		}
	}
	want := "01-01 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25"
	if strings.Join(got, " ") != want {
		t.Errorf("holidays of 2026 = %v, want %s", got, want)
	}
}

func TestJSON(t *testing.T) {
	s, err := Parse("Jan-Mar Mo-Fr 09:00-12:00; PH off")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rules":[{"m":[1,2,3],"d":[0,1,2,3,4],"s":[[540,720]]},{"ph":true,"off":true}]}`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off", "24/7", "Jan-Mar,Oct-Dec Su,PH 10:00-12:00 off", "Mo 9-12", "off"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sch, err := Parse(s)
		if err != nil {
			e := err.(*Error)
			if e.Offset < 0 || e.Offset > len(s) || e.Msg == "" {
				t.Fatalf("Parse(%q): bad error %+v", s, e)
			}
			return
		}
		for _, r := range sch.Rules {
			for i, sp := range r.Spans {
				if sp.Start < 0 || sp.End > 1440 || sp.Start >= sp.End || i > 0 && r.Spans[i-1].End >= sp.Start {
					t.Fatalf("Parse(%q): bad spans %v", s, r.Spans)
				}
			}
		}
		_ = sch.String()
		if _, err := json.Marshal(sch); err != nil {
			t.Fatal(err)
		}
	})
}
