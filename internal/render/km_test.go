package render

import "testing"

func TestKm(t *testing.T) {
	for _, tc := range []struct {
		km   float64
		want string
	}{
		{0, "100\u00a0m"}, {0.04, "100\u00a0m"}, {0.79, "800\u00a0m"}, {0.97, "1,0\u00a0km"}, {1, "1,0\u00a0km"},
		{1.24, "1,2\u00a0km"}, {9.94, "9,9\u00a0km"}, {9.96, "10\u00a0km"}, {12.4, "12\u00a0km"}, {1234.5, "1\u00a0235\u00a0km"},
	} {
		if got := Km(tc.km); got != tc.want {
			t.Errorf("Km(%v) = %q; want %q", tc.km, got, tc.want)
		}
	}
}
