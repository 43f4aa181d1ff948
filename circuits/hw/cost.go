package hw

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

// Cost summarises the hardware cost of one circuit with one library.
type Cost struct {
	Library string `json:"library"`
	// Cells is the number of cell instances after mapping.
	Cells int `json:"cells"`
	// AreaUm2 is the total cell area in the library's area unit (um² for
	// the libraries in use).
	AreaUm2 float64 `json:"area_um2"`
	// DelayNs is the critical-path delay and CriticalOutput the output-port
	// bit where it ends.
	DelayNs        float64 `json:"delay_ns"`
	CriticalOutput string  `json:"critical_output,omitempty"`
	// PowerMW is the total average power; the other fields split it.
	PowerMW     float64 `json:"power_mw"`
	SwitchingMW float64 `json:"switching_mw"`
	InternalMW  float64 `json:"internal_mw"`
	LeakageMW   float64 `json:"leakage_mw"`
	// FrequencyGHz, Voltage and Vectors are the operating point and the
	// length of the simulated input stream behind the power figures.
	FrequencyGHz float64 `json:"frequency_ghz"`
	Voltage      float64 `json:"voltage_v"`
	Vectors      int     `json:"vectors"`
}

// EstimateCost maps n with lib and returns its area, critical-path delay
// and power. opts nil means the defaults of Mapped.DefaultPowerOptions (1
// GHz, nominal voltage, 65536 uniform random vectors).
func EstimateCost(n *circuits.Netlist, lib *liberty.Library, opts *PowerOptions) (*Cost, error) {
	m, err := Map(n, lib)
	if err != nil {
		return nil, err
	}
	o := m.DefaultPowerOptions()
	if opts != nil {
		o = *opts
	}
	sta, err := m.STA(o.Options)
	if err != nil {
		return nil, fmt.Errorf("hw: %s: %w", n.Name, err)
	}
	p, err := m.Power(o)
	if err != nil {
		return nil, fmt.Errorf("hw: %s: %w", n.Name, err)
	}
	return &Cost{
		Library: lib.Name, Cells: len(m.Instances), AreaUm2: m.Area(),
		DelayNs: sta.Delay, CriticalOutput: sta.Output,
		PowerMW: p.Total, SwitchingMW: p.Switching, InternalMW: p.Internal, LeakageMW: p.Leakage,
		FrequencyGHz: p.FrequencyGHz, Voltage: p.Voltage, Vectors: p.Activity.Vectors,
	}, nil
}
