"""2025 by-product inventories of the Liaoning model: written by build_liaoning.py --spin-up."""

SPIN_UP = {
    'Initial By Product Inventory': (0.117834, 0.0730564, 0.666246, 0.648581, 0.709757, 0.0128836, 0.0474862, 1.30502, 0.0507),
    'Initial By Product Inventory Exergy': (0.676714, 0.0195217, 0.306876, 0.117155, 9.89536, 0.00140861, 0.266913, 0.382104, 0.1014),
}
