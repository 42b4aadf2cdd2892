(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_z"]={"z06":[0]};
