"""2025 by-product inventories of the Liaoning model: written by build_liaoning.py --spin-up."""

SPIN_UP = {
    'Initial By Product Inventory': (0.117849, 0.0845786, 0.707764, 0.676429, 0.71181, 0.0144838, 0.047612, 1.32818, 0.0507),
    'Initial By Product Inventory Exergy': (0.676753, 0.023967, 0.327386, 0.122459, 9.92059, 0.0016265, 0.266934, 0.388828, 0.1014),
    'Initial Expected Unused By Products': (0.0437617, 0.899534, 3.38164, 3.18838, 0.243964, 0.0759115, 0.0202845, 2.05776, 0.000601434),
}
