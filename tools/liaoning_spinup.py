"""2025 by-product inventories of the Liaoning model: written by build_liaoning.py --spin-up."""

SPIN_UP = {
    'Initial By Product Inventory': (0.117849, 0.084556, 0.707684, 0.673959, 0.711806, 0.01448, 0.0476118, 1.34828, 0.0507),
    'Initial By Product Inventory Exergy': (0.676753, 0.0239583, 0.327347, 0.121994, 9.92054, 0.00162607, 0.266934, 0.396785, 0.1014),
    'Initial Expected Unused By Products': (0.0437617, 0.899534, 3.38164, 3.18003, 0.243964, 0.0759115, 0.0202845, 2.08918, 0.000601434),
}
