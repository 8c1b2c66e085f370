"""The database's own guard on the product-sales breakdown (issue 17): whoever writes (services, admin,
a COPY), a breakdown line must belong to a producer group's `product_sales` income record, name a product
of that group, and the lines of one record may not sum to more than its amount — also when the record's
amount is lowered later. The line trigger locks the income record row (FOR UPDATE) before summing, so two
concurrent lines of one month are serialised and each sum sees the other (READ COMMITTED takes a new
snapshot per statement). Errors are check violations (SQLSTATE 23514) with a Thai message."""

from django.db import migrations

INSTALL_SQL = r"""
CREATE OR REPLACE FUNCTION evaluation_productsale_check() RETURNS trigger AS $$
DECLARE
    rec_amount numeric;
    rec_source text;
    rec_group bigint;
    prod_group bigint;
    total numeric;
BEGIN
    SELECT amount, source, producer_group_id INTO rec_amount, rec_source, rec_group
      FROM evaluation_incomerecord WHERE id = NEW.income_record_id FOR UPDATE;
    IF rec_source <> 'product_sales' OR rec_group IS NULL THEN
        RAISE EXCEPTION 'แยกยอดขายรายผลิตภัณฑ์ได้เฉพาะรายได้จากยอดขายผลิตภัณฑ์ของกลุ่มผู้ผลิต'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'productsale_record_kind';
    END IF;
    SELECT group_id INTO prod_group FROM products_product WHERE id = NEW.product_id;
    IF prod_group IS DISTINCT FROM rec_group THEN
        RAISE EXCEPTION 'ผลิตภัณฑ์ต้องเป็นของกลุ่มเดียวกับรายได้'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'productsale_product_of_group';
    END IF;
    SELECT COALESCE(SUM(amount), 0) INTO total FROM evaluation_productsale
     WHERE income_record_id = NEW.income_record_id AND id IS DISTINCT FROM NEW.id;
    IF total + NEW.amount > rec_amount THEN
        RAISE EXCEPTION 'ยอดขายรายผลิตภัณฑ์รวมเกินรายได้จากยอดขายของเดือน'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'productsale_sum_within_record';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER evaluation_productsale_check
    BEFORE INSERT OR UPDATE OF amount, income_record_id, product_id ON evaluation_productsale
    FOR EACH ROW EXECUTE FUNCTION evaluation_productsale_check();

CREATE OR REPLACE FUNCTION evaluation_incomerecord_breakdown_check() RETURNS trigger AS $$
DECLARE
    total numeric;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM evaluation_productsale WHERE income_record_id = NEW.id;
    IF total = 0 AND NOT EXISTS (SELECT 1 FROM evaluation_productsale WHERE income_record_id = NEW.id) THEN
        RETURN NEW;
    END IF;
    IF total > NEW.amount THEN
        RAISE EXCEPTION 'รายได้ของเดือนน้อยกว่ายอดขายรายผลิตภัณฑ์ที่แยกไว้'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'productsale_sum_within_record';
    END IF;
    IF NEW.source <> 'product_sales' OR NEW.producer_group_id IS DISTINCT FROM OLD.producer_group_id THEN
        RAISE EXCEPTION 'รายได้นี้มียอดขายรายผลิตภัณฑ์ เปลี่ยนแหล่งรายได้หรือกลุ่มไม่ได้'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'productsale_record_kind';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER evaluation_incomerecord_breakdown_check
    BEFORE UPDATE OF amount, source, producer_group_id ON evaluation_incomerecord
    FOR EACH ROW EXECUTE FUNCTION evaluation_incomerecord_breakdown_check();
"""

UNINSTALL_SQL = r"""
DROP TRIGGER IF EXISTS evaluation_incomerecord_breakdown_check ON evaluation_incomerecord;
DROP FUNCTION IF EXISTS evaluation_incomerecord_breakdown_check();
DROP TRIGGER IF EXISTS evaluation_productsale_check ON evaluation_productsale;
DROP FUNCTION IF EXISTS evaluation_productsale_check();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_product_sales_breakdown"),
    ]

    operations = [migrations.RunSQL(INSTALL_SQL, UNINSTALL_SQL)]
