/* placeholder translation unit replaced by the store implementation */
int store_unit_present;
