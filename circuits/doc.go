// Package circuits holds axmul's bit-level netlist IR: named, ordered ports
// whose bits are nets, and single-output gates (constants, BUF, NOT, AND, OR,
// XOR, NAND, NOR, XNOR, MUX) that drive nets.
//
// Conventions that hold throughout the package and its sub-packages:
//
//   - Port bit i is the bit of weight 2^i (bit 0 is the least significant),
//     whatever the declared range of the source ([7:0] or [0:7]); a port
//     declared with a non-zero low index ([15:8]) records it in Port.Lsb,
//     and its bit i then weighs 2^(Lsb+i).
//   - AssignRoles is the one step that turns any front-end's netlist into
//     a multiplier with ports A, B and O: it regroups bit-blasted ports,
//     applies --ports and --tie, and widens an output declared [15:8].
//   - Every net has at most one driver: an input-port bit or one gate output.
//   - MUX inputs are In[0] = select, In[1] = data when select is 0,
//     In[2] = data when select is 1.
//   - Gates that came from one instantiated library cell (HAX1, FAX1, ...)
//     carry that instance's index in Netlist.Cells, so that hardware estimation
//     can keep the cell as it is.
//
// Front-ends live in sub-packages (circuits/verilog, circuits/liberty); the
// bit-parallel simulator is circuits/sim.
package circuits
