"""2025 by-product inventories of the Liaoning model: written by build_liaoning.py --spin-up."""

SPIN_UP = {
    'Initial By Product Inventory': (0.11811, 0.0845748, 0.707462, 0.676459, 0.711809, 0.0148759, 0.047612, 1.32817, 0.0507),
    'Initial By Product Inventory Exergy': (0.676754, 0.0239655, 0.327241, 0.122465, 9.92058, 0.00162643, 0.266934, 0.388826, 0.1014),
    'Initial Expected Unused By Products': (0.04445, 0.899534, 3.3804, 3.18854, 0.243964, 0.077973, 0.0202845, 2.05776, 0.000601434),
}
