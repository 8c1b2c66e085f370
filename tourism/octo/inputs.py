"""Request bodies of the OCTO endpoints: a field the standard does not define here is BAD_REQUEST."""

from __future__ import annotations

from rest_framework import serializers

from core.api.inputs import InputSerializer


def _text(max_length: int = 200, **kw):
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=max_length, **kw
    )


class UnitQuantityInput(InputSerializer):
    id = serializers.CharField(max_length=50)
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class AvailabilityCalendarInput(InputSerializer):
    productId = _text(50)
    optionId = _text(50)
    localDateStart = serializers.DateField()
    localDateEnd = serializers.DateField()
    units = UnitQuantityInput(many=True, required=False)
    currency = _text(3)


class AvailabilityInput(InputSerializer):
    productId = _text(50)
    optionId = _text(50)
    localDateStart = serializers.DateField(required=False)
    localDateEnd = serializers.DateField(required=False)
    availabilityIds = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=366
    )
    units = UnitQuantityInput(many=True, required=False)
    currency = _text(3)


class UnitItemInput(InputSerializer):
    unitId = _text(50)
    uuid = serializers.UUIDField(required=False, allow_null=True)
    resellerReference = _text(100)


class ReserveInput(InputSerializer):
    uuid = serializers.UUIDField()
    productId = _text(50)
    optionId = _text(50)
    availabilityId = _text(40)
    unitItems = UnitItemInput(many=True, max_length=1000)
    expirationMinutes = serializers.IntegerField(required=False, allow_null=True)
    resellerReference = _text(100)
    notes = _text(2000)
    currency = _text(3)


class ContactInput(InputSerializer):
    fullName = _text()
    firstName = _text()
    lastName = _text()
    emailAddress = _text(254)
    phoneNumber = _text(40)
    locales = serializers.ListField(child=serializers.CharField(max_length=35), required=False, max_length=10)
    postalCode = _text(20)
    country = _text(2)
    notes = _text(2000)


class ConfirmInput(InputSerializer):
    contact = ContactInput()
    resellerReference = _text(100)
    notes = _text(2000)
    emailReceipt = serializers.BooleanField(required=False)
    unitItems = UnitItemInput(many=True, required=False, max_length=1000)


class ExtendInput(InputSerializer):
    expirationMinutes = serializers.IntegerField(required=False, allow_null=True)


class CancelInput(InputSerializer):
    reason = _text(1000)
    force = serializers.BooleanField(required=False)
